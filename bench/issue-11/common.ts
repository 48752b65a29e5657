import os from 'node:os';
import { parseArgs } from 'node:util';
import { ChdbPool } from '../../src/clickhouse/chdb-pool';
import { createClickHouse, type ClickHouse } from '../../src/clickhouse/client';
import { loadConfig, type Config } from '../../src/config/config';

/**
 * Shared set-up of the issue-11 engine measurements (bench/issue-11/*.ts): one data directory
 * kept between runs (loading 10M events takes minutes), one database per data-set size.
 */
export interface Lab {
  config: Config;
  db: ClickHouse;
  pool: ChdbPool;
  events: number;
  database: string;
  close(): Promise<void>;
}

export function args() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '2000000' },
      data: { type: 'string', default: `${os.tmpdir()}/learnmetrics-issue11` },
      sessions: { type: 'string', default: '2' },
      repeat: { type: 'string', default: '15' },
      only: { type: 'string' },
    },
    allowPositionals: true,
  });
  return { events: Number(values.events), data: values.data!, sessions: Number(values.sessions), repeat: Number(values.repeat), only: values.only };
}

export function openLab(options: { events: number; data: string; sessions: number; database?: string }): Lab {
  const database = options.database ?? `issue11_${options.events}`;
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: options.data, CLICKHOUSE_DATABASE: database, LOG_LEVEL: 'silent' }),
    sqlRendering: 'literals' as const,
  };
  const db = createClickHouse(config);
  const pool = new ChdbPool({ path: config.dataDir, size: options.sessions, sessionSettings: { date_time_input_format: 'best_effort' } });
  return {
    config,
    db,
    pool,
    events: options.events,
    database,
    close: async () => {
      await pool.close();
      await db.close();
    },
  };
}

export const load1 = () => os.loadavg()[0];

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times each variant `repeat` times, interleaved (A B C, A B C, ...), after one warm-up each; medians in ms. */
export async function interleave(
  repeat: number,
  variants: Record<string, () => Promise<unknown>>,
): Promise<Record<string, { p50: number; min: number; samples: number[] }>> {
  const names = Object.keys(variants);
  for (const n of names) await variants[n]();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < repeat; i++) {
    // Rotate the order too, so no variant always runs right after the same other one.
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length];
      const t = performance.now();
      await variants[n]();
      samples[n].push(performance.now() - t);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { p50: median(samples[n]), min: Math.min(...samples[n]), samples: samples[n] }]));
}

export const fmt = (x: number, d = 1) => x.toFixed(d);
