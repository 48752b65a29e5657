import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { ClickHouse } from '../clickhouse/client';
import { NdjsonInserter } from '../clickhouse/embedded-insert';
import { EventsRepository } from '../clickhouse/repositories/events.repository';
import { IngestKeysRepository } from '../clickhouse/repositories/ingest-keys.repository';
import type { Config } from '../config/config';
import { BatchWriter } from './batch-writer';
import { LocalEventIdRegistry, type EventIdRegistry } from './event-id-registry';
import { TableIdempotencyStore, type IdempotencyStore } from './idempotency';
import { IngestGate } from './ingest-gate';
import { IngestHealth } from './ingest-health';
import { IngestJournal, JournalInUseError } from './journal';
import { RedisEventIdRegistry } from './redis-event-ids';
import { RedisIdempotencyStore } from './redis-idempotency';

/** The journal of one database: DATA_DIR/ingest-journal/<database> unless INGEST_JOURNAL_DIR says where. */
export function journalDir(config: Pick<Config, 'ingestJournalDir' | 'dataDir' | 'database'>): string {
  return path.join(config.ingestJournalDir ?? path.join(config.dataDir, 'ingest-journal'), config.database);
}

/**
 * The process-wide parts of the ingest path, built once: the NDJSON inserter, the journal and
 * batch writer, the event-id registry and key store (embedded tables, or Redis), the drain
 * gate and the write health that /readyz reports.
 */
export class IngestRuntime {
  readonly gate = new IngestGate();
  readonly health = new IngestHealth();
  readonly journal: IngestJournal;
  readonly inserter: NdjsonInserter;
  readonly events: EventsRepository;
  readonly writer: BatchWriter;
  readonly registry: EventIdRegistry;
  readonly keys: IdempotencyStore;
  private readonly localRegistry?: LocalEventIdRegistry;
  private readonly redis?: Redis;

  constructor(
    db: ClickHouse,
    readonly config: Config,
    shared?: { registry: EventIdRegistry; keys: IdempotencyStore },
  ) {
    this.events = new EventsRepository(db);
    this.inserter = new NdjsonInserter(db, config.dataDir);
    this.journal = new IngestJournal(journalDir(config));
    if (shared) {
      this.registry = shared.registry;
      this.keys = shared.keys;
    } else if (config.redisUrl) {
      // Replicas share the dedup through Redis (docs/ingest.md, "Several API replicas"): no in-process filter, no event_ids writes.
      this.redis = ingestRedis(config.redisUrl);
      const prefix = config.ingestRedisPrefix ?? `learnmetrics:ingest:{${config.database}}:`;
      const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
      const reservation = config.ingestReservationSeconds ?? 120;
      this.registry = new RedisEventIdRegistry(this.redis, prefix, owner, config.dedupWindowSeconds, reservation);
      this.keys = new RedisIdempotencyStore(this.redis, prefix, owner, config.dedupWindowSeconds, reservation);
    } else {
      this.localRegistry = new LocalEventIdRegistry(
        this.events,
        new NdjsonInserter(db, config.dataDir),
        config.dedupWindowSeconds,
        db.engine === 'embedded',
        db.database,
      );
      this.registry = this.localRegistry;
      this.keys = new TableIdempotencyStore(new IngestKeysRepository(db), config.dedupWindowSeconds);
    }
    this.writer = new BatchWriter(this.events, this.inserter, this.journal, this.registry, this.health);
  }

  /**
   * Before serving: completes every batch a previous process left in the journal (a kill -9
   * during an insert), then fills the in-process id filter, so ids of replayed batches count
   * as received. A replay that fails leaves /readyz not ready and is retried in the background.
   */
  async start(): Promise<number> {
    // Before anything else: another live process on this journal is a configuration error the
    // start must report (journal.ts, own()). A disk that refuses the claim file is a write
    // failure like any other: /readyz says so, and the claim is tried again with every write.
    try {
      this.journal.own();
    } catch (error) {
      if (error instanceof JournalInUseError) throw error;
      this.health.failed(error);
    }
    let replayed = 0;
    try {
      replayed = await this.writer.repair();
    } catch {
      // health holds the reason; the writer retries in the background and before the next batch.
    }
    await this.localRegistry?.start();
    return replayed;
  }

  /** /readyz while inserts fail: completes the journal, or writes a probe row. Resolves with the remaining problem, if any. */
  async recheck(): Promise<string | undefined> {
    if (!this.health.problem) return undefined;
    try {
      if (this.writer.hasPending) await this.writer.repair();
      else await this.events.probeWrite();
      this.health.succeeded();
    } catch (error) {
      this.health.failed(error);
    }
    return this.health.problem?.message;
  }

  async close(): Promise<void> {
    this.writer.stop();
    await this.registry.close();
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
    this.inserter.close();
  }
}

/**
 * The ingest path's Redis client. Commands wait for a (re)connect briefly, then fail: the request
 * gets a 503 "nothing was stored" rather than hanging, and an outage costs one reconnect delay.
 */
function ingestRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 5000,
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Failed commands surface in the requests' answers; the connection's own errors need a listener or ioredis prints each reconnect.
  redis.on('error', () => {});
  return redis;
}
