/**
 * The schema note on every figure the partner privacy threshold may withhold
 * (src/domain/privacy.ts).
 */
export function withheld(description: string): string {
  return `${description} Null in partner views when fewer than k distinct learners are behind it (the privacy threshold, PRIVACY_MIN_LEARNERS, default 5); the response then lists its path in \`extensions.privacy\`.`;
}
