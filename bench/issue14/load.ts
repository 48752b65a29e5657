import type { ClickHouse } from '../../src/clickhouse/client';
import { migrate } from '../../src/clickhouse/migrations';
import { sql } from '../../src/clickhouse/sql';
import { catalogueOf } from '../../src/generator/catalogue';
import { CatalogIngestService } from '../../src/ingest/catalog-ingest.service';
import { benchEvents, chunks, countDataSet, forEachConcurrently, generatorOptions } from '../dataset';
import { PLAIN_INSERT, settleMerges } from '../ingest.bench';
import { loadPostgres, pgPool, type PostgresLoad } from '../postgres-load';
import type { ProgressFactory } from '../progress';

/**
 * The issue-14 bench's data: the bench data set (bench/dataset.ts) and the generator's
 * catalogue in ClickHouse (a plain insert: the materialized views fill every rollup), and the
 * same events in PostgreSQL. A store that already holds the whole data set is kept, so a rerun
 * at 10M does not spend 15 minutes loading again (`--reload-postgres` reloads PostgreSQL; for
 * ClickHouse give another `--database`).
 */
export interface LoadedData {
  generated: number;
  total: number;
  repeatedIdsLeftOut: number;
  clickhouseLoadSeconds: number | null;
  postgres: PostgresLoad | null;
}

const countOf = async (db: ClickHouse) => Number((await db.query<{ n: string }>('bench.count', sql`SELECT count() AS n FROM ${db.table('events')}`))[0].n);

async function postgresEvents(database: string): Promise<number | null> {
  const pool = pgPool(database, 1);
  try {
    return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM analytics_events')).rows[0].n);
  } catch {
    return null;
  } finally {
    await pool.end();
  }
}

export async function loadIssue14Data(
  db: ClickHouse,
  pgDatabase: string | null,
  generated: number,
  options: { reload: boolean; progress: ProgressFactory; log(message: string): void },
): Promise<LoadedData> {
  const { log, progress } = options;
  log(`counting the data set (${generated} generated events)...`);
  const counted = countDataSet(generated);
  const events = () => benchEvents(generated, counted.repeatedIds);

  await migrate(db);
  let clickhouseLoadSeconds: number | null = null;
  const stored = await countOf(db);
  if (stored !== counted.total) {
    // Truncating events would leave the rollups' rows behind: a fresh database is the only clean start.
    if (stored !== 0) throw new Error(`${db.database} holds ${stored} events of another data set: use another --database (or drop it) and rerun`);
    log(`ClickHouse ${db.database}: loading ${counted.total} events`);
    const started = performance.now();
    const bar = progress('ClickHouse load', counted.total);
    let loaded = 0;
    await forEachConcurrently(chunks(events(), 50_000), 2, async (batch) => {
      await db.client.insert({ table: `${db.database}.events`, values: batch, format: 'JSONEachRow', clickhouse_settings: PLAIN_INSERT });
      loaded += batch.length;
      bar.update(loaded);
    });
    bar.stop();
    const catalog = CatalogIngestService.on(db);
    for (const tree of catalogueOf(generatorOptions(generated))) await catalog.put(tree, null);
    clickhouseLoadSeconds = (performance.now() - started) / 1000;
    await settleMerges(db, 300_000);
  } else log(`ClickHouse ${db.database}: the ${stored} events are already stored`);

  let postgres: PostgresLoad | null = null;
  if (pgDatabase !== null) {
    const inPg = await postgresEvents(pgDatabase);
    if (options.reload || inPg !== counted.total) {
      log(`PostgreSQL ${pgDatabase}: ${inPg ?? 'no'} events stored, loading ${counted.total}`);
      postgres = await loadPostgres(pgDatabase, events, counted.total, generated, progress);
    } else log(`PostgreSQL ${pgDatabase}: the ${inPg} events are already stored`);
  }
  return { generated, total: counted.total, repeatedIdsLeftOut: counted.repeatedIds.length, clickhouseLoadSeconds, postgres };
}
