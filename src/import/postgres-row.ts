import type { ImportCursor } from '../clickhouse/repositories/import-progress.repository';

/**
 * One row of the course platform's PostgreSQL `analytics_events` table (Prisma model, camelCase
 * column names), as the importer reads it. NULL stays null.
 *
 * `userEmail` is deliberately absent: it is personal data that the event model has no field
 * for, and an email address is not needed to identify a learner (userId does that). The
 * reader never selects it, so it never enters this process, logs or ClickHouse.
 * `createdAt` (insert time in PostgreSQL) is not read either: `timestamp` is the event time.
 */
export interface PostgresEventRow {
  id: string;
  userId: string | null;
  sessionId: string | null;
  eventType: string;
  eventAction: string | null;
  buttonName: string | null;
  page: string | null;
  destination: string | null;
  courseId: string | null;
  classId: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  platform: string | null;
  isLoggedIn: boolean | null;
  /** The JSON(B) column as parsed by `pg` (an object, or any JSON value; a string for a text column). */
  customData: unknown;
  /**
   * `"timestamp"` in UTC as PostgreSQL prints it, with microseconds: `2024-12-19 10:15:00.123000`.
   * Kept as text because it is also the resume cursor and must round-trip exactly.
   */
  timestamp: string;
}

/** Where a keyset-paginated read continues: after this ("timestamp", id); recorded in ClickHouse as the import's progress. */
export type SourceCursor = ImportCursor;

/** The columns read, in the order of PostgresEventRow (every name is quoted: they are camelCase). */
export const SOURCE_COLUMNS = [
  'id',
  'userId',
  'sessionId',
  'eventType',
  'eventAction',
  'buttonName',
  'page',
  'destination',
  'courseId',
  'classId',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'platform',
  'isLoggedIn',
  'customData',
] as const satisfies readonly (keyof PostgresEventRow)[];
