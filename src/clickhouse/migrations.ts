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
  const exists = await db.query<{ result: number }>(
    'migrations.exists',
    sql`SELECT count() AS result FROM system.tables WHERE database = ${db.database} AND name = 'schema_migrations'`,
  );
  if (Number(exists[0]?.result) === 0) return new Map();
  const rows = await db.query<{ name: string; checksum: string }>(
    'migrations.applied',
    sql`SELECT name, checksum FROM ${db.table('schema_migrations')} ORDER BY name`,
  );
  return new Map(rows.map((r) => [r.name, r.checksum]));
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

/** Applies pending migrations in order and records each. Re-running applies nothing. `files`: for tests that stop at a version. */
export async function migrate(db: ClickHouse, log: (line: string) => void = () => {}, files = readMigrationFiles()): Promise<string[]> {
  const pending = await pendingMigrations(db, files);
  for (const file of pending) {
    for (const statement of splitStatements(file.text, db.database)) {
      await db.command(`migrate.${file.name}`, trustedSql(statement));
    }
    await db.insert('migrations.record', 'schema_migrations', [{ name: file.name, checksum: file.checksum }]);
    log(`applied ${file.name}`);
  }
  return pending.map((f) => f.name);
}
