/**
 * Warnings: an answer that is right but probably not what the caller meant (a funnel step
 * naming an event type that was never stored answers zeros). The GraphQL response lists them in
 * `extensions.warnings` (src/graphql/warnings-report.ts); no error is raised, the data stands.
 *
 * Services attach them to the value they return, under a symbol (as the privacy marks do), so
 * each operation of a batched request reports its own, and JSON (a CSV or REST answer) ignores them.
 */

export interface QueryWarning {
  /** Stable, for programs: `UNKNOWN_EVENT_TYPE`. */
  code: 'UNKNOWN_EVENT_TYPE';
  /** The argument at fault, as in BAD_USER_INPUT errors: `steps[1].eventType`. */
  argument: string;
  /** What was given. */
  value: string;
  /** The closest known name, when one is near enough to be a typo. */
  didYouMean: string | null;
  message: string;
}

const WARNINGS = Symbol('learnmetrics.warnings');

type Marked = { [WARNINGS]?: readonly QueryWarning[] };

/** Attaches warnings to a service's result (an object or an array); returns it. */
export function attachWarnings<T extends object>(value: T, warnings: readonly QueryWarning[]): T {
  if (warnings.length === 0) return value;
  const marked = value as T & Marked;
  marked[WARNINGS] = [...(marked[WARNINGS] ?? []), ...warnings];
  return value;
}

/** The warnings attached to a value returned by a service. */
export function warningsOf(value: unknown): readonly QueryWarning[] {
  if (typeof value !== 'object' || value === null) return [];
  return (value as Marked)[WARNINGS] ?? [];
}
