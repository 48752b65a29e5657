import { migrate, readMigrationFiles } from '../../src/clickhouse/migrations';
import { EventsRepository } from '../../src/clickhouse/repositories/events.repository';
import { sql } from '../../src/clickhouse/sql';
import { validateEvent } from '../../src/ingest/validate-event';
import { createClickHouse } from '../../src/clickhouse/client';
import { identifier } from '../../src/clickhouse/sql';
import { testConfig } from '../helpers/engine';
import { anEvent } from '../helpers/events';
import { rollupDifferences } from '../helpers/rollups';

/**
 * A database that already holds events when the issue-11 rollup migrations (0020-0029, 0080-0089) run:
 * the new tables must hold the history (backfilled from the hourly states or the raw events),
 * equal to a recomputation from raw events, and the rollups must stay equal for later inserts.
 */
describe('rollup migrations on a database with events', () => {
  const config = testConfig('rollup_backfill');
  const db = createClickHouse(config);
  const now = new Date('2026-06-01T00:00:00Z');
  const valid = (overrides: Parameters<typeof anEvent>[0]) => {
    const result = validateEvent(anEvent(overrides), { now, strict: true });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.event;
  };
  // Quarter hours around UTC and Kolkata midnights, several days, companies and platforms.
  const batch = (users: string[], day: string) =>
    users.flatMap((user, i) =>
      ['00:10', '18:20', '18:35', '23:50'].map((time, j) =>
        valid({
          type: j % 2 ? 'lesson.completed' : 'user.logged_in',
          user_id: user,
          company_id: i % 2 ? 'c1' : '',
          platform: j % 3 ? 'web' : 'ios',
          // Some campaign traffic, so the acquisition rollups have rows to backfill.
          ...(j === 0 ? { utm_source: 'newsletter', utm_campaign: `spring-${i}` } : {}),
          timestamp: `${day}T${time}:00.000Z`,
        }),
      ),
    );

  afterAll(async () => {
    await db.command('test.drop', sql`DROP DATABASE IF EXISTS ${identifier(config.database)}`);
    await db.close();
  });

  it('backfills the daily and 15-minute active-user states and the daily course, company, content and campaign states exactly, then keeps them current', async () => {
    const before = readMigrationFiles().filter((f) => f.name < '0020');
    await migrate(db, () => {}, before);
    const repo = new EventsRepository(db);
    await repo.insert(batch(['u1', 'u2', 'u3'], '2026-03-01'), 'first');
    await repo.insert(batch(['u2', 'u4'], '2026-03-02'), 'second');

    const applied = await migrate(db);
    expect(applied).toEqual(
      expect.arrayContaining([
        '0020_rollup_active_users_daily.sql',
        '0021_rollup_active_users_15m.sql',
        '0023_rollup_course_engagement_daily.sql',
        '0080_rollup_company_learning_daily.sql',
        '0081_rollup_content_daily.sql',
        '0082_rollup_acquisition_daily.sql',
      ]),
    );
    const count = async (table: string) =>
      Number((await db.query<{ n: string }>('test.rows', sql`SELECT count() AS n FROM ${identifier(`${config.database}.${table}`)}`))[0].n);
    expect(await count('rollup_active_users_daily')).toBeGreaterThan(0);
    expect(await count('rollup_active_users_15m')).toBeGreaterThan(0);
    for (const daily of ['rollup_course_engagement_daily', 'rollup_company_learning_daily', 'rollup_content_daily', 'rollup_acquisition_daily']) {
      expect(await count(daily)).toBeGreaterThan(0);
    }
    expect(await rollupDifferences(db)).toEqual([]);

    // The hourly view is gone (0022): new events reach the daily and 15-minute states only.
    const hourly = await count('rollup_active_users');
    await repo.insert(batch(['u5', 'u1'], '2026-03-03'), 'third');
    expect(await count('rollup_active_users')).toBe(hourly);
    expect(await rollupDifferences(db)).toEqual([]);
    const views = await db.query<{ name: string }>(
      'test.views',
      sql`SELECT name FROM system.tables WHERE database = ${config.database} AND engine = 'MaterializedView' AND name LIKE 'mv_rollup_active_users%' ORDER BY name`,
    );
    expect(views.map((v) => v.name)).toEqual(['mv_rollup_active_users_15m', 'mv_rollup_active_users_daily']);
  });
});
