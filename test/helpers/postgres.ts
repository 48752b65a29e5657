import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';

/** The local PostgreSQL the import tests use (trust auth); TEST_POSTGRES_URL overrides it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function problem(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * null when PostgreSQL answers; otherwise it tries to start the local cluster once
 * (pg_ctlcluster, as on Debian) and waits for it, and returns why it is still unavailable.
 */
export async function postgresSkipReason(): Promise<string | null> {
  const first = await problem(POSTGRES_ADMIN_URL);
  if (first === null) return null;
  let started = '';
  try {
    const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
    if (versions.length === 0) started = 'no cluster under /etc/postgresql to start';
    for (const version of versions) {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'pipe', timeout: 30_000 });
    }
  } catch (error) {
    started = `pg_ctlcluster failed: ${((error as { stderr?: Buffer }).stderr?.toString() || (error as Error).message).trim().split('\n')[0]}`;
  }
  let last = first;
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await problem(POSTGRES_ADMIN_URL);
    if (now === null) return null;
    last = now;
  }
  return `PostgreSQL at ${POSTGRES_ADMIN_URL} does not answer (${last})${started ? `; ${started}` : ''}`;
}

export interface TempPostgresDatabase {
  name: string;
  url: string;
  /** A connection to the new database. */
  client: Client;
  drop(): Promise<void>;
}

/** A new, uniquely named database (`lm_<label>_<hex>`), dropped by `drop()`. */
export async function createTempDatabase(label: string): Promise<TempPostgresDatabase> {
  const name = `lm_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    name,
    url: url.toString(),
    client,
    drop: async () => {
      await client.end().catch(() => {});
      const again = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

/**
 * The platform's analytics_events table as its Prisma schema creates it (the columns, types,
 * defaults and indexes of the platform's database documentation, section 8).
 */
export const ANALYTICS_EVENTS_DDL = `
CREATE TABLE "analytics_events" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "sessionId" TEXT,
    "eventType" TEXT NOT NULL,
    "eventAction" TEXT,
    "buttonName" TEXT,
    "page" TEXT,
    "destination" TEXT,
    "courseId" TEXT,
    "classId" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "platform" TEXT DEFAULT 'web',
    "isLoggedIn" BOOLEAN NOT NULL DEFAULT false,
    "userEmail" TEXT,
    "customData" JSONB,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "analytics_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "analytics_events_userId_idx" ON "analytics_events"("userId");
CREATE INDEX "analytics_events_eventType_idx" ON "analytics_events"("eventType");
CREATE INDEX "analytics_events_eventAction_idx" ON "analytics_events"("eventAction");
CREATE INDEX "analytics_events_timestamp_idx" ON "analytics_events"("timestamp");
CREATE INDEX "analytics_events_utmSource_utmMedium_utmCampaign_idx" ON "analytics_events"("utmSource", "utmMedium", "utmCampaign");
`;
