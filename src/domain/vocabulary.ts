/**
 * The closed vocabularies of the API, each one `as const` tuple with its type. The GraphQL enums
 * are registered from these tuples (src/schema/enums.ts), REST parameters are checked against
 * them, and SQL maps them to columns (src/clickhouse): one list, so the layers cannot drift apart.
 */

/** Calendar bucket size in the period timezone; weeks start on Monday (ISO). */
export const GRANULARITIES = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Retention cohorts and return buckets: a subset of the granularities. */
export const RETENTION_GRANULARITIES = ['DAY', 'WEEK', 'MONTH'] as const satisfies readonly Granularity[];
export type RetentionGranularity = (typeof RETENTION_GRANULARITIES)[number];

/** The period a summary is compared with. */
export const COMPARE_TO = ['PREVIOUS_PERIOD', 'PREVIOUS_YEAR'] as const;
export type CompareTo = (typeof COMPARE_TO)[number];

/** Event attributes a funnel can be broken down by (columns in src/clickhouse/dimension-columns.ts). */
export const DIMENSIONS = ['PLATFORM', 'COUNTRY', 'UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'COMPANY'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** What eventMetrics computes per row. */
export const MEASURES = ['COUNT', 'UNIQUE_USERS', 'SUM', 'AVG'] as const;
export type Measure = (typeof MEASURES)[number];

/** How the steps of a funnel must follow each other (ClickHouse windowFunnel modes), or EACH_STEP: every step counted on its own. */
export const FUNNEL_MODES = ['ORDERED', 'STRICT_ORDER', 'UNORDERED', 'EACH_STEP'] as const;
export type FunnelMode = (typeof FUNNEL_MODES)[number];

/** What converts in a funnel: a learner or one session. */
export const FUNNEL_COUNT_BY = ['USER', 'SESSION'] as const;
export type FunnelCountBy = (typeof FUNNEL_COUNT_BY)[number];

/** Order of a `courses` list without ids. */
export const COURSE_ORDERS = ['ENROLLMENTS_DESC', 'COMPLETIONS_DESC', 'ACTIVE_LEARNERS_DESC', 'LEARNING_TIME_DESC', 'COURSE_ID_ASC'] as const;
export type CourseOrder = (typeof COURSE_ORDERS)[number];

/** What a piece of content is in topContent. */
export const CONTENT_KINDS = ['COURSE', 'LESSON', 'PAGE'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** How a property value is compared in a funnel step's `where`. */
export const PROPERTY_OPS = ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'CONTAINS'] as const;
export type PropertyOp = (typeof PROPERTY_OPS)[number];

/** Envelope columns eventMetrics may group by (a properties path is the other kind of group). */
export const GROUP_COLUMNS = [
  'course_id',
  'lesson_id',
  'module_id',
  'quiz_id',
  'company_id',
  'platform',
  'country',
  'page',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'source',
  'currency',
] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];

/** Envelope columns eventMetrics may SUM or AVG. */
export const NUMERIC_COLUMNS = ['duration_seconds', 'score', 'amount'] as const;
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];
