import type { TenantScope } from './tenant-scope';

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
