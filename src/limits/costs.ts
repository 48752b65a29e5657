import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';

/**
 * Cost points of the fields, the unit of the per-role budget (COST_BUDGET_<ROLE>). A point is
 * roughly "one small query over rollups". Fields set their cost with type-graphql's
 * `complexity` option; a field without one costs what is selected under it, and a root field
 * without one costs ROLLUP_QUERY (a new query field is never free by accident).
 */
export const COST = {
  /** A root field that asks ClickHouse something trivial (serverInfo). */
  TRIVIAL: 1,
  /** A field served from the hourly rollups: a handful of pre-aggregated rows per hour. */
  ROLLUP_QUERY: 5,
  /** A field computed from raw events (funnel, retention, eventMetrics, learner, cohortCompletionRate): reads every event of the period. */
  RAW_QUERY: 25,
  /** Per item of a list, for a field loaded with the list in one batched rollup query (Course.engagement, series). */
  ROLLUP_PER_ITEM: 1,
  /** Per item of a list, for a series at HOUR granularity (24 times the buckets of DAY). */
  HOUR_SERIES_PER_ITEM: 5,
} as const;

type Args = ComplexityEstimatorArgs['args'];

/**
 * A list whose items are charged one by one: its own cost plus, for each item it may return,
 * the cost of what is selected under it. `items` reads the arguments (ids given, or limit).
 */
export function listCost(own: number, items: (args: Args) => number): ComplexityEstimator {
  return ({ args, childComplexity }) => own + Math.max(1, items(args)) * childComplexity;
}

/** The number of items a list with optional `ids` and a `limit` (or a fixed cap) may return. */
export function idsOrLimit(cap?: number): (args: Args) => number {
  return (args) => (Array.isArray(args.ids) ? args.ids.length : typeof args.limit === 'number' ? args.limit : (cap ?? 1));
}

/** A series: HOUR buckets cost more than coarser ones. */
export const seriesCost: ComplexityEstimator = ({ args, childComplexity }) =>
  childComplexity + (args.granularity === 'HOUR' ? COST.HOUR_SERIES_PER_ITEM : COST.ROLLUP_PER_ITEM);

/** The fallback for fields without a `complexity` option (see COST). */
export const defaultCost: ComplexityEstimator = ({ type, field, childComplexity }) =>
  childComplexity + ((type.name === 'Query' || type.name === 'Mutation') && !field.name.startsWith('__') ? COST.ROLLUP_QUERY : 0);
