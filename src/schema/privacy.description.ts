/**
 * The schema note on every figure the partner privacy threshold may withhold
 * (src/domain/privacy.ts).
 */
export function withheld(description: string): string {
  return `${description} Null in partner views when fewer than k distinct learners are behind it (the privacy threshold, PRIVACY_MIN_LEARNERS, default 5); the response then lists its path in \`extensions.privacy\`. Also null when withheld as the complement of such a group (so a total minus the visible parts never gives one small group), and in every bucket of an HOUR series that has any hour under k (\`extensions.privacy.withheldSeries\` says why).`;
}

/** The schema note on lists from which withheld groups are left out (issue 13). */
export const WITHHELD_GROUPS =
  'In partner views, a group with fewer than k distinct learners (PRIVACY_MIN_LEARNERS, default 5) is left out, labels included; `extensions.privacy.withheldGroups` gives `{ path, groups }`: how many were left out, with no labels and no figures (there is no remainder row). A visible group may have null figures, withheld as the complement of a left-out one.';
