import type { TenantScope } from './tenant-scope';
import { badUserInput } from './errors';
import { suppressedCells } from './suppression';

/**
 * The privacy threshold of partner views, in one place.
 *
 * A partner sees figures about its own employees. A figure about a group of fewer than k
 * distinct learners (k = `scope.minLearners`, PRIVACY_MIN_LEARNERS, default 5) is withheld: its
 * value becomes null, and the GraphQL response lists its path in `extensions.privacy`
 * (src/graphql/privacy-report.ts), so a small team's numbers cannot single out a person.
 *
 * - A group is the unit one number describes: a day of dau, a bucket of a series, a course's
 *   or a company's engagement over the period, a funnel step (of the whole funnel or of one
 *   breakdown group), a campaign, content or eventMetrics row, a retention cohort and each of
 *   its retained[i] cells, the payments of a bucket and currency. Every figure of the group
 *   (counts, sums, means, rates) is withheld together; labels (bucket, course id, campaign
 *   name) stay, except eventMetrics group values read from properties (they can be anything,
 *   a name included).
 * - Empty groups (0 learners) are withheld too: showing 0 next to withheld values would tell
 *   "someone" apart from "no one".
 * - The count is of distinct user_id (the services say where each count comes from; most are
 *   uniqExact states the rollups already keep, read in the same query).
 * - Admin and analyst scopes have minLearners null: nothing is withheld and no learner count
 *   is computed.
 * - Not covered: differences between overlapping groups (e.g. two periods one day apart) can
 *   still reveal one learner's activity; the threshold bounds what a single figure says.
 *
 * Services apply it as their last step, on domain objects whose figure fields are nullable.
 * The withheld field names travel on the object under a symbol: JSON.stringify ignores it (a
 * REST answer just has the nulls), and the GraphQL layer turns it into response paths.
 */

const WITHHELD = Symbol('learnmetrics.withheld');

type Marked = { [WITHHELD]?: ReadonlySet<string> };

/** T with every field nullable: figures a partner view may see withheld. */
export type MaybeWithheld<T> = { [K in keyof T]: T[K] | null };

/** The keys of T whose type admits null: only those can be withheld. */
export type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T] & string;

/** The keys of T that hold lists of nullable values (withheld item by item). */
export type NullableListKeys<T> = { [K in keyof T]-?: T[K] extends readonly (infer V)[] ? (null extends V ? K : never) : never }[keyof T] & string;

/** Whether the scope is thresholded at all: only then do services compute learner counts. */
export function needsLearnerCounts(scope: TenantScope): boolean {
  // typeof, not !== null: a scope cast from a literal by internal tooling (no minLearners) is unthresholded.
  return typeof scope.minLearners === 'number';
}

/** Whether a group of `learners` distinct learners is too small to be shown in this scope. */
export function isSmallGroup(scope: TenantScope, learners: number): boolean {
  return typeof scope.minLearners === 'number' && learners < scope.minLearners;
}

/**
 * The group itself, or, when it has fewer than the scope's minimum of distinct learners, a
 * copy with `fields` set to null and marked as withheld.
 */
export function withholdSmallGroup<T extends object>(scope: TenantScope, learners: number, group: T, fields: readonly NullableKeys<T>[]): T {
  if (!isSmallGroup(scope, learners)) return group;
  return withholdFields(group, fields);
}

/** A copy of the group with `fields` set to null and marked as withheld (a complement, or a small group). */
export function withholdFields<T extends object>(group: T, fields: readonly NullableKeys<T>[]): T {
  const copy: Record<string, unknown> = { ...(group as Record<string, unknown>) };
  for (const field of fields) copy[field] = null;
  return markWithheld(copy as T, fields);
}

/** withholdSmallGroup over a list, each group with its own learner count. */
export function withholdSmallGroups<T extends object>(
  scope: TenantScope,
  groups: readonly T[],
  learnersOf: (group: T, index: number) => number,
  fields: readonly NullableKeys<T>[],
): T[] {
  if (!needsLearnerCounts(scope)) return [...groups];
  return groups.map((group, i) => withholdSmallGroup(scope, learnersOf(group, i), group, fields));
}

/**
 * For list fields whose items are groups of their own (retention's retained[i] and rates[i]):
 * item i of every named list is set to null and marked when `learners[i]` is too small.
 */
export function withholdSmallItems<T extends object>(scope: TenantScope, learners: readonly number[], group: T, fields: readonly NullableListKeys<T>[]): T {
  const small = learners.flatMap((n, i) => (isSmallGroup(scope, n) ? [i] : []));
  if (small.length === 0) return group;
  const copy: Record<string, unknown> = { ...(group as Record<string, unknown>) };
  for (const field of fields) {
    const items = [...(copy[field] as unknown[])];
    for (const i of small) if (i < items.length) items[i] = null;
    copy[field] = items;
  }
  return markWithheld(
    copy as T,
    fields.flatMap((field) => small.map((i) => `${field}.${i}`)),
  );
}

/**
 * Marks fields (`name`, or `name.index` for one list item) of an object as withheld. Returns the
 * object, which it changes: for a value a field resolver computes later (cohortCompletionRate),
 * the mark goes on the parent the resolver got.
 */
export function markWithheld<T extends object>(target: T, names: readonly string[]): T {
  const marked = target as T & Marked;
  // An enumerable own symbol: object spreads in the services carry it along with the nulls.
  marked[WITHHELD] = new Set([...(marked[WITHHELD] ?? []), ...names]);
  return target;
}

/** The withheld field names (and `name.index` items) of a value returned by a service. */
export function withheldNames(value: unknown): readonly string[] {
  if (typeof value !== 'object' || value === null) return [];
  const marks = (value as Marked)[WITHHELD];
  return marks ? [...marks] : [];
}

/** Why figures were withheld, in the words the API documents. */
export function withheldReason(minLearners: number): string {
  return `fewer than ${minLearners} distinct learners: partner views withhold figures about smaller groups so they cannot identify a person`;
}

const DROPPED = Symbol('learnmetrics.withheldGroups');

type DroppedMark = { [DROPPED]?: number };

/**
 * Withheld groups are absent (issue 13): a breakdown row exists only if someone had an event,
 * so a row with null figures but its labels still tells "someone in Nigeria took course X".
 * Services leave such rows out and mark the list with how many they left out; the GraphQL
 * response lists `{ path, groups }` under `extensions.privacy.withheldGroups`. The count has no
 * labels and no figures: it says only that some groups too small to show exist.
 */
export function markDroppedGroups<T extends readonly unknown[]>(list: T, groups: number): T {
  if (groups > 0) (list as unknown as DroppedMark)[DROPPED] = ((list as unknown as DroppedMark)[DROPPED] ?? 0) + groups;
  return list;
}

/** How many withheld groups a service left out of this list (0 when none, or not a list). */
export function droppedGroups(value: unknown): number {
  if (!Array.isArray(value)) return 0;
  return (value as unknown as DroppedMark)[DROPPED] ?? 0;
}

/**
 * Leaves out the groups at `drop` (withheld in full) and marks the list with their number; the
 * groups at `blank` stay, with `fields` set to null and marked (complements: big enough to be
 * named, withheld so that a total minus the visible groups is never one small group).
 */
export function dropAndBlank<T extends object>(
  groups: readonly T[],
  drop: ReadonlySet<number>,
  blank: ReadonlySet<number>,
  fields: readonly NullableKeys<T>[],
): T[] {
  const kept: T[] = [];
  groups.forEach((g, i) => {
    if (drop.has(i)) return;
    if (!blank.has(i)) return kept.push(g);
    const copy: Record<string, unknown> = { ...(g as Record<string, unknown>) };
    for (const f of fields) copy[f] = null;
    kept.push(markWithheld(copy as T, fields));
  });
  return markDroppedGroups(kept, drop.size);
}

/**
 * A list of groups whose figures add up to a total a partner can ask for elsewhere (campaigns,
 * content): groups under k are left out, and complementary suppression blanks the smallest
 * visible group when exactly one left-out group holds anyone (src/domain/suppression.ts).
 */
export function suppressGroupList<T extends object>(
  scope: TenantScope,
  groups: readonly T[],
  learnersOf: (group: T) => number,
  fields: readonly NullableKeys<T>[],
): T[] {
  if (!needsLearnerCounts(scope)) return [...groups];
  const cells = groups.map((g) => ({ key: [], learners: learnersOf(g) }));
  const hidden = suppressedCells(cells, scope.minLearners);
  const small = new Set([...hidden].filter((i) => isSmallGroup(scope, cells[i].learners)));
  return dropAndBlank(groups, small, new Set([...hidden].filter((i) => !small.has(i))), fields);
}

/**
 * Groups a partner view's suppression is decided on, for lists the SQL would otherwise cut at
 * `limit` (campaigns, content): the whole list is fetched (up to this many), suppressed, then cut,
 * so a total minus the visible top-N rows never isolates a group the cut hid from suppression.
 * Above it the question is refused (BAD_USER_INPUT on `period`).
 */
export const PARTNER_LIST_ROWS = 10_000;

/** The rows to fetch for a list of `limit` rows: all of them (PARTNER_LIST_ROWS + 1) for partner views. */
export function partnerFetchLimit(scope: TenantScope, limit: number): number {
  return needsLearnerCounts(scope) ? PARTNER_LIST_ROWS + 1 : limit;
}

/**
 * suppressGroupList over a whole list fetched with partnerFetchLimit, then cut at `limit` (the
 * mark of left-out groups kept). Refuses a list past PARTNER_LIST_ROWS for partner views.
 */
export function suppressThenLimit<T extends object>(
  scope: TenantScope,
  groups: readonly T[],
  limit: number,
  learnersOf: (group: T) => number,
  fields: readonly NullableKeys<T>[],
): T[] {
  if (!needsLearnerCounts(scope)) return groups.slice(0, limit);
  if (groups.length > PARTNER_LIST_ROWS)
    throw badUserInput(
      'period',
      `this list has more than ${PARTNER_LIST_ROWS} groups; partner views decide which groups to withhold on the whole list, so ask for a shorter period`,
    );
  const shown = suppressGroupList(scope, groups, learnersOf, fields);
  return markDroppedGroups(shown.slice(0, limit), droppedGroups(shown));
}

const SERIES_REASON = Symbol('learnmetrics.withheldSeries');

type ReasonMark = { [SERIES_REASON]?: string };

/** Why a whole series was withheld (extensions.privacy.withheldSeries), or null. */
export function seriesWithheldReason(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  return (value as unknown as ReasonMark)[SERIES_REASON] ?? null;
}

/** Marks a list as a series withheld as a whole, with the reason; returns it. */
export function markSeriesWithheld<T extends readonly unknown[]>(list: T, reason: string): T {
  (list as unknown as ReasonMark)[SERIES_REASON] = reason;
  return list;
}

/** The reason an HOUR series reads in partner views when one of its hours is under k. */
export function hourSeriesReason(minLearners: number): string {
  return `HOUR series are shown to partner views only when every hour has at least ${minLearners} distinct learners (an hour is what a shifted period isolates); ask for DAY or coarser`;
}

/** One kind of figure in a series: its fields and the learners they describe in a bucket. */
export interface SeriesFigure<T> {
  fields: readonly NullableKeys<T>[];
  learnersOf: (point: T, index: number) => number;
}

/**
 * The privacy rules of a series (issue 13), for partner views:
 * - each bucket's figures are thresholded on the learners they describe (per figure);
 * - complementary suppression along the buckets: the period total (a field next to the series,
 *   or the same question without granularity) minus the visible buckets is never one withheld
 *   bucket, so a second bucket is withheld with a lone one (src/domain/suppression.ts);
 * - HOUR is all-or-nothing: if any hour is under k (by the first figure's learners, the
 *   series' population), every figure of every hour is withheld and the list says why.
 * Buckets stay (they are the calendar, not who was there).
 */
export function suppressSeries<T extends object>(scope: TenantScope, granularity: string, points: readonly T[], figures: readonly SeriesFigure<T>[]): T[] {
  if (!needsLearnerCounts(scope) || figures.length === 0) return [...points];
  if (granularity === 'HOUR' && points.some((p, i) => isSmallGroup(scope, figures[0].learnersOf(p, i)))) {
    const all = figures.flatMap((f) => f.fields);
    const blanked = points.map((p) => {
      const copy: Record<string, unknown> = { ...(p as Record<string, unknown>) };
      for (const f of all) copy[f] = null;
      return markWithheld(copy as T, all);
    });
    return markSeriesWithheld(blanked, hourSeriesReason(scope.minLearners as number));
  }
  let out = [...points];
  for (const figure of figures) {
    const hidden = suppressedCells(
      points.map((p, i) => ({ key: [], learners: figure.learnersOf(p, i) })),
      scope.minLearners,
    );
    out = out.map((p, i) => {
      if (!hidden.has(i)) return p;
      const copy: Record<string, unknown> = { ...(p as Record<string, unknown>) };
      for (const f of figure.fields) copy[f] = null;
      return markWithheld(copy as T, figure.fields);
    });
  }
  return out;
}
