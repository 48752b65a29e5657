import { identifiersOf, type SqlFragment } from './sql';
import type { Lane } from './scheduler';

/**
 * The scheduler's cost estimate, before a statement runs: what it reads. Raw `events` is the
 * one table that grows with every event (10M rows at the benchmark size), so any statement
 * naming it (funnels, retention, a learner's history, event metrics, cohorts) is `heavy`; the
 * rollups, the migrations ledger and `event_ids` are a few thousand rows for any question
 * (`cheap`). An EXPLAIN ESTIMATE per statement would tell more but costs a statement of its own
 * on every query (~2 ms on the embedded engine); the table is known for free and is the
 * difference that matters (rollup reads 10-50 ms vs raw scans of seconds).
 */
export function laneOf(fragment: SqlFragment): Lane {
  return identifiersOf(fragment).some((name) => name === 'events' || name.endsWith('.events')) ? 'heavy' : 'cheap';
}
