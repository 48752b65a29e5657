import { migrate, readMigrationFiles, splitStatements } from '../../src/clickhouse/migrations';
import { identifier, sql, trustedSql } from '../../src/clickhouse/sql';
import { anEvent } from '../helpers/events';
import { rollupDifferences } from '../helpers/rollups';
import { freshEngine } from '../helpers/engine';

/**
 * A migration that fills a new rollup from history (CREATE TABLE, CREATE MATERIALIZED VIEW, then
 * INSERT ... SELECT) is recorded as applied only after its last statement. A process killed
 * after the INSERT wrote some or all of its rows, and before the record, runs the whole file
 * again at the next start (a supervisor restarting a server whose first start after an upgrade
 * backfills 10M events). Its INSERT then added the history a second time: every count and sum of
 * that rollup doubled for good. The state is built here without a race: every statement of the
 * file run, nothing recorded, then `migrate` as at the next start.
 */
describe('a migration interrupted after its backfill', () => {
  const { db, config, dispose } = freshEngine('migrate_interrupted');
  afterAll(dispose);

  it.each(['0080_rollup_company_learning_daily.sql', '0095_rollup_learner_figures_daily.sql'])(
    '%s run again at the next start leaves its rollup equal to the raw events',
    async (name) => {
      await db.command('test.drop', sql`DROP DATABASE IF EXISTS ${identifier(config.database)}`);
      const files = readMigrationFiles();
      await migrate(
        db,
        () => {},
        files.filter((f) => f.name < name),
      );
      const types = ['course.enrolled', 'lesson.completed', 'quiz.completed', 'course.completed', 'certificate.issued', 'video.progressed'];
      const events = Array.from({ length: 120 }, (_, i) =>
        anEvent({
          type: types[i % types.length],
          user_id: `mig-u${i % 11}`,
          company_id: `company-0${i % 2}`,
          course_id: `c${i % 3}`,
          duration_seconds: 30 + i,
          timestamp: new Date(Date.UTC(2026, 2, 1 + (i % 4), i % 24)).toISOString(),
        }),
      );
      await db.insert('test.events', 'events', events);
      // The attempt that was killed: every statement ran, the record was never written.
      const file = files.find((f) => f.name === name)!;
      for (const statement of splitStatements(file.text, db.database)) await db.command('test.attempt', trustedSql(statement));

      const lines: string[] = [];
      expect(await migrate(db, (l) => lines.push(l))).toContain(name);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${name} was interrupted before it was recorded: emptied`)));
      expect(await rollupDifferences(db)).toEqual([]);
    },
  );
});
