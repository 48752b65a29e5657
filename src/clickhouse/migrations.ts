import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths';
import type { ClickHouse } from './client';
import { sql, trustedSql } from './sql';

export interface MigrationFile {
  name: string;
  checksum: string;
  text: string;
}

export class MigrationChecksumError extends Error {}

/** Migration files in name order (`NNNN_what.sql`). The checksum is of the file as written. */
export function readMigrationFiles(dir = path.join(projectRoot(), 'clickhouse/migrations')): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/** Splits a file into statements: `;` at the end of a line ends one. Comment lines are dropped. */
export function splitStatements(text: string, database: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .replaceAll('${db}', database)
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function appliedMigrations(db: ClickHouse): Promise<Map<string, string>> {
  if ((await existingTables(db, [`${db.database}.schema_migrations`])).length === 0) return new Map();
  const rows = await db.query<{ name: string; checksum: string }>(
    'migrations.applied',
    sql`SELECT name, checksum FROM ${db.table('schema_migrations')} ORDER BY name`,
  );
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/** Which of these qualified table names (`db.table`) exist. */
async function existingTables(db: ClickHouse, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  // Not `AS name`: in ClickHouse an alias shadows the column of that name everywhere in the
  // query, WHERE included, which then compared the qualified name with the table names.
  const rows = await db.query<{ qualified: string }>(
    'migrations.existing_tables',
    sql`SELECT concat(database, '.', name) AS qualified FROM system.tables WHERE has(${[...tables]}, qualified)`,
  );
  const existing = new Set(rows.map((r) => r.qualified));
  return tables.filter((t) => existing.has(t));
}

/** Names of migration files not yet applied. Throws if an applied file was edited since. */
export async function pendingMigrations(db: ClickHouse, files = readMigrationFiles()): Promise<MigrationFile[]> {
  const applied = await appliedMigrations(db);
  for (const file of files) {
    const checksum = applied.get(file.name);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new MigrationChecksumError(
        `Migration ${file.name} was edited after it was applied to database ${db.database} ` +
          `(recorded checksum ${checksum.slice(0, 12)}, file now ${file.checksum.slice(0, 12)}). ` +
          `Applied migrations are immutable: restore the file and put the change in a new migration.`,
      );
    }
  }
  return files.filter((f) => !applied.has(f.name));
}

/**
 * The tables a migration creates and fills from history in the same file (`CREATE TABLE IF NOT
 * EXISTS x` ... `INSERT INTO x SELECT ...`), as the qualified names its statements use.
 */
export function backfilledTables(statements: readonly string[]): string[] {
  const named = (pattern: RegExp) => new Set(statements.flatMap((s) => pattern.exec(s)?.[1] ?? []));
  const created = named(/^CREATE TABLE IF NOT EXISTS\s+([\w.]+)/i);
  return [...named(/^INSERT INTO\s+([\w.]+)/i)].filter((table) => created.has(table));
}

/**
 * Applies pending migrations in order and records each. Re-running applies nothing. `files`: for tests that stop at a version.
 *
 * A migration is recorded only after its last statement, so one interrupted by a kill runs again
 * whole at the next start. Its CREATE statements are idempotent; its backfill is not: an
 * `INSERT ... SELECT` commits block by block, and run twice it adds the history twice to every
 * count and sum of its rollup, for good (test/integration/migrations-interrupted.test.ts). So a
 * table the migration fills that already exists when it starts (an earlier attempt created it)
 * is emptied first, and the backfill writes all of it again. Nothing else writes that table
 * while migrations run on the embedded engine: the API serves after them, and the table's view
 * is fed by inserts into `events` only.
 */
export async function migrate(db: ClickHouse, log: (line: string) => void = () => {}, files = readMigrationFiles()): Promise<string[]> {
  const pending = await pendingMigrations(db, files);
  for (const file of pending) {
    const statements = splitStatements(file.text, db.database);
    for (const table of await existingTables(db, backfilledTables(statements))) {
      await db.command(`migrate.${file.name}.restart`, trustedSql(`TRUNCATE TABLE ${table}`));
      log(`${file.name} was interrupted before it was recorded: emptied ${table}, which it fills, to run it again whole`);
    }
    for (const statement of statements) {
      await db.command(`migrate.${file.name}`, trustedSql(statement));
    }
    await db.insert('migrations.record', 'schema_migrations', [{ name: file.name, checksum: file.checksum }]);
    log(`applied ${file.name}`);
  }
  return pending.map((f) => f.name);
}
