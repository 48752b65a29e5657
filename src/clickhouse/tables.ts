/**
 * The closed set of table names the code may reference. Repositories qualify them with the
 * configured database (the embedded connection ignores the client's `database` option, so
 * every name is written as `db.table`; it also lets tests isolate themselves by database).
 */
export type TableName =
  | 'events'
  | 'event_ids'
  | 'ingest_keys'
  | 'ingest_probe'
  | 'schema_migrations'
  | 'rollup_active_users'
  | 'rollup_active_users_daily'
  | 'rollup_active_users_15m'
  | 'rollup_event_counts'
  | 'rollup_course_engagement'
  | 'rollup_course_engagement_daily'
  | 'rollup_company_learning'
  | 'rollup_company_learning_daily'
  | 'rollup_content'
  | 'rollup_content_daily'
  | 'rollup_acquisition'
  | 'rollup_acquisition_daily'
  | 'rollup_revenue'
  | 'import_progress'
  | 'catalog_courses'
  | 'catalog_lessons'
  | 'catalog_quizzes'
  | 'catalog_questions'
  | 'rollup_learner_course'
  | 'rollup_learner_course_total'
  | 'rollup_step_sessions_daily'
  | 'rollup_video_viewers_daily'
  | 'rollup_quiz_answers_daily'
  | 'rollup_practice_daily'
  | 'rollup_practice_criteria_daily'
  | 'rollup_learner_figures_daily';

/**
 * The rollups kept current by a materialized view (and checked by verify-rollups).
 * rollup_active_users (hourly) is not among them: its view was dropped in 0022, the table is
 * frozen history.
 */
export const ROLLUP_TABLES: TableName[] = [
  'rollup_active_users_daily',
  'rollup_active_users_15m',
  'rollup_event_counts',
  'rollup_course_engagement',
  'rollup_course_engagement_daily',
  'rollup_company_learning',
  'rollup_company_learning_daily',
  'rollup_content',
  'rollup_content_daily',
  'rollup_acquisition',
  'rollup_acquisition_daily',
  'rollup_revenue',
  'rollup_learner_course',
  'rollup_learner_course_total',
  'rollup_step_sessions_daily',
  'rollup_video_viewers_daily',
  'rollup_quiz_answers_daily',
  'rollup_practice_daily',
  'rollup_practice_criteria_daily',
  'rollup_learner_figures_daily',
];
