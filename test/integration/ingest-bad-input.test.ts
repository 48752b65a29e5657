import { brotliCompressSync, gzipSync } from 'node:zlib';
import { sql } from '../../src/clickhouse/sql';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';
import { rollupDifferences, storeTotals } from '../helpers/rollups';

/**
 * A corpus of bad input sent to the real POST /v1/events. Every case must get a clear 4xx with a
 * readable JSON error (or a 200 that stores exactly the good lines of a mixed body), the server
 * must stay up, and nothing but those good lines may reach the store.
 */

const MiB = 1024 * 1024;
/** The pre-corpus batch: must be exactly as it was after the corpus. */
const BEFORE_USER = 'badinput-before';
/** Good lines inside mixed bodies: the only events the corpus may add. */
const GOOD_USER = 'badinput-good';
/** Lines that must never be stored (bad ones, and good ones in bodies rejected as a whole). */
const NEVER_USER = 'badinput-never';

const goodIds: string[] = [];
/** A valid event the corpus intentionally stores (its id is recorded for the final check). */
function good(overrides: Partial<EventJson> = {}): string {
  const event = anEvent({ user_id: GOOD_USER, ...overrides });
  goodIds.push(event.event_id!);
  return JSON.stringify(event);
}
/** An event that must not be stored; valid unless the overrides break it. */
function never(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // The type goes through anEvent, so the line carries that type's other required fields.
  const type = typeof overrides.type === 'string' ? overrides.type : undefined;
  return { ...anEvent({ user_id: NEVER_USER, ...(type !== undefined && { type }) }), ...overrides };
}
const line = (overrides: Record<string, unknown> = {}) => JSON.stringify(never(overrides));

/** properties with `levels` levels of objects: {a: {a: ... {a: 1}}}; properties itself is level 1. */
function nested(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as Record<string, unknown>;
}

interface BadInputCase {
  name: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  query?: string;
  /** Default POST. */
  method?: string;
  /** 'roomy': a second server over the same engine with a 4 MiB body limit and ingestMaxEvents 10. */
  server?: 'roomy';
  expectStatus: number;
  /** Matched against JSON.stringify(response.json). */
  expectError?: RegExp;
  /** Mixed bodies: the counts in the result. */
  expectAccepted?: number;
  expectRejected?: number;
  /** Per-line errors as [line, field], in order. */
  expectErrors?: [number, string][];
}

const NDJSON = { 'content-type': 'application/x-ndjson' };
const JSON_TYPE = { 'content-type': 'application/json' };
const futureTimestamp = new Date(Date.now() + 48 * 3_600_000).toISOString();

const cases: BadInputCase[] = [
  // --- body framing ---
  { name: 'empty body', body: '', expectStatus: 400, expectError: /empty body/ },
  { name: 'whitespace-only body', body: '  \n\t\r\n   \n', expectStatus: 400, expectError: /empty body/ },
  { name: 'only a UTF-8 BOM', body: Buffer.from([0xef, 0xbb, 0xbf]), expectStatus: 400, expectError: /empty body/ },
  {
    name: 'a broken JSON line among good ones (200, good lines stored, bad line reported by number)',
    body: [good(), good({ type: 'lesson.completed' }), '{"type": "course.enrolled", "user_id": ', good()].join('\n'),
    expectStatus: 200,
    expectAccepted: 3,
    expectRejected: 1,
    expectErrors: [[3, '']],
    expectError: /invalid JSON.*one JSON event object per line/,
  },
  {
    name: 'CRLF lines with blank lines: line numbers are those of the body',
    body: ['', good(), '', '{broken', good(), ''].join('\r\n'),
    expectStatus: 200,
    expectAccepted: 2,
    expectRejected: 1,
    expectErrors: [[4, '']],
  },
  {
    name: 'all lines broken',
    body: ['{', 'not json', '{"type": "a.b",}', "{'single': 'quotes'}"].join('\n'),
    expectStatus: 400,
    expectAccepted: 0,
    expectRejected: 4,
    expectErrors: [
      [1, ''],
      [2, ''],
      [3, ''],
      [4, ''],
    ],
  },
  {
    name: 'invalid UTF-8 bytes inside a string',
    body: Buffer.concat([Buffer.from(`${line()}\n{"type": "course.enrolled", "user_id": "`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n')]),
    expectStatus: 400,
    expectError: /not valid UTF-8 \(at byte \d+\)/,
  },
  {
    name: 'overlong UTF-8 encoding (0xC0 0xAF)',
    body: Buffer.concat([Buffer.from('{"type": "course.enrolled", "page": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    expectStatus: 400,
    expectError: /not valid UTF-8/,
  },
  {
    name: 'a 2 MB single line on the 1 MiB-body server: the body limit answers first (413)',
    body: line({ properties: { pad: 'x'.repeat(2 * 1000 * 1000) } }),
    expectStatus: 413,
    expectError: /larger than the limit of 1048576 bytes/,
  },
  {
    name: 'a 2 MB line next to a good one on the 4 MiB-body server: only that line is rejected (line limit 1 MiB)',
    server: 'roomy',
    body: [good(), line({ properties: { pad: 'x'.repeat(2 * 1000 * 1000) } })].join('\n'),
    expectStatus: 200,
    expectAccepted: 1,
    expectRejected: 1,
    expectErrors: [[2, '']],
    expectError: /line too long: \d+ bytes, at most 1 MiB per event/,
  },
  {
    name: 'a body over the body limit (1.5 MB of valid events -> 413)',
    body: toNdjson(Array.from({ length: 3000 }, () => never({ properties: { pad: 'x'.repeat(400) } }))),
    expectStatus: 413,
    expectError: /larger than the limit.*send smaller batches/,
  },
  {
    name: 'more events than ingestMaxEvents (11 lines on the server with ingestMaxEvents 10 -> 413)',
    server: 'roomy',
    body: toNdjson(Array.from({ length: 11 }, () => never())),
    expectStatus: 413,
    expectError: /too many events in one body: 11, at most 10/,
  },
  {
    name: 'a JSON array longer than ingestMaxEvents (413)',
    server: 'roomy',
    body: JSON.stringify(Array.from({ length: 11 }, () => never())),
    headers: JSON_TYPE,
    expectStatus: 413,
    expectError: /too many events in one body: 11, at most 10/,
  },

  // --- compression ---
  {
    name: 'a gzip bomb (about 50 KB inflating to 50 MB -> 413 at the limit)',
    body: gzipSync(Buffer.alloc(50 * MiB, 0x20)),
    headers: { 'content-encoding': 'gzip' },
    expectStatus: 413,
    expectError: /larger than the limit.*after decompression/,
  },
  {
    name: 'a brotli bomb (br is decoded too, and counted after decompression -> 413)',
    body: brotliCompressSync(Buffer.alloc(50 * MiB, 0x20)),
    headers: { 'content-encoding': 'br' },
    expectStatus: 413,
    expectError: /larger than the limit/,
  },
  {
    name: 'a corrupt gzip body (gzip magic, then garbage)',
    body: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]), Buffer.from('this is not deflate data at all')]),
    headers: { 'content-encoding': 'gzip' },
    expectStatus: 400,
    expectError: /could not read the request body/,
  },
  {
    name: 'Content-Encoding gzip on a plain body',
    body: line(),
    headers: { 'content-encoding': 'gzip' },
    expectStatus: 400,
    expectError: /could not read the request body/,
  },
  {
    name: 'a truncated gzip body',
    body: gzipSync(toNdjson([never(), never()])).subarray(0, 30),
    headers: { 'content-encoding': 'gzip' },
    expectStatus: 400,
    expectError: /could not read the request body/,
  },
  {
    name: 'unsupported Content-Encoding compress (415, names the encoding and what is accepted)',
    body: line(),
    headers: { 'content-encoding': 'compress' },
    expectStatus: 415,
    expectError: /unsupported Content-Encoding \\"compress\\": send gzip, deflate, br/,
  },

  // --- content type and charset ---
  {
    name: 'wrong content type text/plain',
    body: line(),
    headers: { 'content-type': 'text/plain' },
    expectStatus: 415,
    expectError: /unsupported Content-Type \\"text\/plain\\".*accepted: application\/x-ndjson/,
  },
  {
    name: 'form content type',
    body: 'type=course.enrolled',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    expectStatus: 415,
    expectError: /unsupported Content-Type/,
  },
  {
    name: 'charset other than utf-8 (latin1)',
    body: line(),
    headers: { 'content-type': 'application/x-ndjson; charset=latin1' },
    expectStatus: 415,
    expectError: /unsupported charset \\"latin1\\".*only utf-8 is accepted/,
  },
  {
    name: 'charset utf-16 on a JSON body',
    body: JSON.stringify(never()),
    headers: { 'content-type': 'application/json; charset="UTF-16"' },
    expectStatus: 415,
    expectError: /unsupported charset \\"utf-16\\"/,
  },

  // --- JSON values that are not events ---
  {
    name: 'JSON body that is a number',
    body: '42',
    headers: JSON_TYPE,
    expectStatus: 400,
    expectError: /must be an event object or an array of event objects, got number/,
  },
  { name: 'JSON body that is a string', body: '"course.enrolled"', headers: JSON_TYPE, expectStatus: 400, expectError: /got string/ },
  { name: 'JSON body that is null', body: 'null', headers: JSON_TYPE, expectStatus: 400, expectError: /got null/ },
  { name: 'empty JSON array', body: '[]', headers: JSON_TYPE, expectStatus: 400, expectError: /empty JSON array/ },
  {
    name: 'a JSON array of non-objects',
    body: JSON.stringify([1, 'lesson.completed', null, [never()], true]),
    headers: JSON_TYPE,
    expectStatus: 400,
    expectRejected: 5,
    expectErrors: [
      [1, ''],
      [2, ''],
      [3, ''],
      [4, ''],
      [5, ''],
    ],
    expectError: /an event must be a JSON object/,
  },
  {
    name: 'several objects in an application/json body (hint: array or NDJSON)',
    body: toNdjson([never(), never()]),
    headers: JSON_TYPE,
    expectStatus: 400,
    expectError: /invalid JSON body.*use a JSON array, or NDJSON/,
  },
  {
    name: 'NDJSON lines that are null, a number and an array',
    body: 'null\n7\n[]\n',
    expectStatus: 400,
    expectErrors: [
      [1, ''],
      [2, ''],
      [3, ''],
    ],
    expectError: /an event must be a JSON object/,
  },
  { name: 'a line nested 100,000 arrays deep', body: '['.repeat(100_000) + ']'.repeat(100_000), expectStatus: 400, expectErrors: [[1, '']] },

  // --- properties ---
  {
    name: 'properties nested too deep (9 levels)',
    body: line({ properties: nested(9) }),
    expectStatus: 400,
    expectErrors: [[1, 'properties.a.a.a.a.a.a.a.a']],
    expectError: /nested too deeply/,
  },
  {
    name: 'properties with too many keys (300)',
    body: line({ properties: Object.fromEntries(Array.from({ length: 300 }, (_v, i) => [`k${i}`, i])) }),
    expectStatus: 400,
    expectErrors: [[1, 'properties']],
    expectError: /more than 256 keys/,
  },
  {
    name: 'properties too big (70 KB)',
    body: line({ properties: { blob: 'x'.repeat(70_000) } }),
    expectStatus: 400,
    expectErrors: [[1, 'properties']],
    expectError: /at most 64 KiB/,
  },
  {
    name: 'properties keys with dots',
    body: line({ properties: { 'a.b': 1, ok: { 'c.d': 2 } } }),
    expectStatus: 400,
    expectErrors: [
      [1, 'properties["a.b"]'],
      [1, 'properties.ok["c.d"]'],
    ],
    expectError: /no dots/,
  },
  {
    name: 'properties with a __proto__ key',
    body: `{${line().slice(1, -1)}, "properties": {"__proto__": {"admin": true}}}`,
    expectStatus: 400,
    expectErrors: [[1, 'properties["__proto__"]']],
    expectError: /__proto__/,
  },
  {
    name: 'a __proto__ key at the top level',
    body: `{"__proto__": {"type": "course.enrolled"}, ${line().slice(1)}`,
    expectStatus: 400,
    expectErrors: [[1, '__proto__']],
    expectError: /unknown field/,
  },
  {
    name: 'properties as an array',
    body: line({ properties: [{ rating: 5 }] }),
    expectStatus: 400,
    expectErrors: [[1, 'properties']],
    expectError: /properties must be a JSON object/,
  },
  {
    // Found by this corpus: JSON.stringify writes 1e20 as 100000000000000000000, which ClickHouse's JSON type refused (503).
    name: 'an integer beyond 64 bits in properties (1e20)',
    body: line({ properties: { views: 1e20 } }),
    expectStatus: 400,
    expectErrors: [[1, 'properties.views']],
    expectError: /outside the 64-bit integer range.*send it as a string/,
  },
  {
    name: 'a number too large for a double in properties (1e400)',
    body: `{${line().slice(1, -1)}, "properties": {"big": 1e400}}`,
    expectStatus: 400,
    expectErrors: [[1, 'properties.big']],
    expectError: /finite number/,
  },

  // --- timestamp ---
  {
    name: 'timestamp 48h in the future (beyond 24h)',
    body: line({ timestamp: futureTimestamp }),
    expectStatus: 400,
    expectErrors: [[1, 'timestamp']],
    expectError: /in the future; at most 24h ahead/,
  },
  {
    name: 'timestamp without timezone',
    body: line({ timestamp: '2026-03-01T12:00:00' }),
    expectStatus: 400,
    expectErrors: [[1, 'timestamp']],
    expectError: /no timezone designator/,
  },
  {
    name: 'impossible date 2026-02-30',
    body: line({ timestamp: '2026-02-30T12:00:00Z' }),
    expectStatus: 400,
    expectErrors: [[1, 'timestamp']],
    expectError: /not a real date-time \(2026-02 has 28 days\)/,
  },
  {
    name: 'timestamp as epoch milliseconds',
    body: line({ timestamp: 1772445300000 }),
    expectStatus: 400,
    expectErrors: [[1, 'timestamp']],
    expectError: /epoch numbers are not accepted/,
  },

  // --- type ---
  { name: 'non-string type', body: line({ type: 42 }), expectStatus: 400, expectErrors: [[1, 'type']], expectError: /type must be a dot.case string/ },
  { name: 'type not dot.case', body: line({ type: 'LessonCompleted' }), expectStatus: 400, expectErrors: [[1, 'type']], expectError: /type must be dot.case/ },

  // --- envelope fields ---
  {
    name: 'unknown field (typo usr_id)',
    body: line({ usr_id: 'u-1' }),
    expectStatus: 400,
    expectErrors: [[1, 'usr_id']],
    expectError: /unknown field \\"usr_id\\" \(did you mean \\"user_id\\"\?\)/,
  },
  {
    name: 'event_id not a UUID',
    body: line({ event_id: 'evt-123' }),
    expectStatus: 400,
    expectErrors: [[1, 'event_id']],
    expectError: /event_id must be a UUID/,
  },
  {
    name: 'nil UUID event_id',
    body: line({ event_id: '00000000-0000-0000-0000-000000000000' }),
    expectStatus: 400,
    expectErrors: [[1, 'event_id']],
    expectError: /unique UUID per event, got the constant/,
  },
  {
    name: 'negative duration',
    body: line({ type: 'lesson.completed', duration_seconds: -5 }),
    expectStatus: 400,
    expectErrors: [[1, 'duration_seconds']],
    expectError: /whole number of seconds from 0/,
  },
  {
    name: 'score 101',
    body: line({ type: 'quiz.completed', score: 101 }),
    expectStatus: 400,
    expectErrors: [[1, 'score']],
    expectError: /score must be a number from 0 to 100, got 101/,
  },
  {
    name: 'score as a string',
    body: line({ type: 'quiz.completed', score: '90' }),
    expectStatus: 400,
    expectErrors: [[1, 'score']],
    expectError: /score must be a number from 0 to 100, got \\"90\\"/,
  },
  {
    name: 'amount with 5 decimals',
    body: line({ type: 'payment.succeeded', amount: '49.12345' }),
    expectStatus: 400,
    expectErrors: [[1, 'amount']],
    expectError: /5 decimals/,
  },
  {
    name: 'currency of two letters (us)',
    body: line({ type: 'payment.succeeded', currency: 'us' }),
    expectStatus: 400,
    expectErrors: [[1, 'currency']],
    expectError: /ISO-4217 currency code/,
  },
  {
    name: 'platform windows',
    body: line({ platform: 'windows' }),
    expectStatus: 400,
    expectErrors: [[1, 'platform']],
    expectError: /platform must be one of web, ios, android/,
  },
  { name: 'country USA (alpha-3)', body: line({ country: 'USA' }), expectStatus: 400, expectErrors: [[1, 'country']], expectError: /ISO-3166 alpha-2/ },
  {
    name: 'a NUL character in a string field',
    body: line({ page: '/dash\u0000board' }),
    expectStatus: 400,
    expectErrors: [[1, 'page']],
    expectError: /must not contain NUL/,
  },
  {
    // Found by this corpus: ClickHouse refused the whole insert (503, good lines lost, retried forever).
    name: 'a lone UTF-16 surrogate escape in a string field next to a good line (only that line rejected)',
    body: [good(), `{${line().slice(1, -1)}, "utm_campaign": "spring\\ud800"}`].join('\n'),
    expectStatus: 200,
    expectAccepted: 1,
    expectRejected: 1,
    expectErrors: [[2, 'utm_campaign']],
    expectError: /lone UTF-16 surrogate/,
  },
  {
    name: 'a lone UTF-16 surrogate escape in a properties string',
    body: `{${line().slice(1, -1)}, "properties": {"notes": ["ok", "\\udc00x"]}}`,
    expectStatus: 400,
    expectErrors: [[1, 'properties.notes[1]']],
    expectError: /lone UTF-16 surrogate/,
  },
  {
    name: 'an id with spaces',
    body: line({ user_id: 'user 1' }),
    expectStatus: 400,
    expectErrors: [[1, 'user_id']],
    expectError: /user_id must be an id of letters/,
  },
  {
    name: 'a 200-character id',
    body: line({ course_id: 'c'.repeat(200) }),
    expectStatus: 400,
    expectErrors: [[1, 'course_id']],
    expectError: /at most 128 characters, got 200/,
  },
  {
    name: 'review.submitted with rating 6',
    body: line({ type: 'review.submitted', properties: { rating: 6 } }),
    expectStatus: 400,
    expectErrors: [[1, 'properties.rating']],
    expectError: /integer from 1 to 5, got 6/,
  },
  {
    name: 'page.viewed without user_id or anonymous_id',
    body: JSON.stringify({ ...anEvent({ type: 'page.viewed' }), user_id: undefined }),
    expectStatus: 400,
    expectErrors: [[1, 'user_id']],
    expectError: /need user_id or anonymous_id/,
  },
  {
    name: 'a mixed batch in all-or-nothing mode stores nothing',
    body: [line(), line({ score: 'high', type: 'quiz.completed' })].join('\n'),
    query: '?mode=all-or-nothing',
    expectStatus: 400,
    expectAccepted: 0,
    expectRejected: 2,
    expectErrors: [[2, 'score']],
    expectError: /nothing was stored/,
  },

  // --- query, headers, method ---
  {
    name: '?mode=bogus',
    body: line(),
    query: '?mode=bogus',
    expectStatus: 400,
    expectError: /mode must be \\"all-or-nothing\\" or \\"partial\\".*got \\"bogus\\"/,
  },
  {
    name: 'Idempotency-Key of 201 characters',
    body: line(),
    headers: { 'idempotency-key': 'k'.repeat(201) },
    expectStatus: 400,
    expectError: /Idempotency-Key must be 1 to 200 characters/,
  },
  { name: 'GET /v1/events (405, Allow: POST)', method: 'GET', expectStatus: 405, expectError: /POST/ },
  { name: 'PUT /v1/events (405, Allow: POST)', method: 'PUT', body: line(), expectStatus: 405, expectError: /POST/ },
];

describe('POST /v1/events bad-input corpus', () => {
  let engine: TestEngine;
  let t: TestServer;
  /** Same engine, a 4 MiB body limit (so the 1 MiB line limit is reachable) and ingestMaxEvents 10. */
  let roomy: TestServer;
  let before: Record<string, unknown>;
  let beforeRows: unknown[];

  const count = async (userId: string) =>
    Number((await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')} WHERE user_id = ${userId}`))[0].n);
  const rowsOf = (userId: string) =>
    engine.db.query('test.rows', sql`SELECT * EXCEPT received_at FROM ${engine.db.table('events')} WHERE user_id = ${userId} ORDER BY event_id`);

  beforeAll(async () => {
    engine = await migratedEngine('badinput', { ingestMaxBodyBytes: MiB });
    t = await startTestServer(engine);
    roomy = await startTestServer({ ...engine, config: { ...engine.config, ingestMaxBodyBytes: 4 * MiB, ingestMaxEvents: 10 } });

    const batch = [
      anEvent({ type: 'user.registered', user_id: BEFORE_USER }),
      anEvent({ type: 'course.enrolled', user_id: BEFORE_USER }),
      anEvent({ type: 'lesson.completed', user_id: BEFORE_USER }),
      anEvent({ type: 'quiz.completed', user_id: BEFORE_USER }),
      anEvent({ type: 'payment.succeeded', user_id: BEFORE_USER }),
    ];
    const res = await t.postEvents(toNdjson(batch));
    expect(res.json).toMatchObject({ accepted: 5, rejected: 0 });
    before = await storeTotals(engine.db);
    beforeRows = await rowsOf(BEFORE_USER);
    expect(beforeRows).toHaveLength(5);
  });
  afterAll(async () => {
    await roomy?.server.stop();
    await t?.server.stop();
    await engine?.dispose();
  });

  it('has a corpus of at least 30 distinct cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', async (c) => {
    const server = c.server === 'roomy' ? roomy : t;
    const res = await fetch(`${server.base}/v1/events${c.query ?? ''}`, {
      method: c.method ?? 'POST',
      headers: { ...NDJSON, authorization: `Bearer ${server.adminToken}`, ...c.headers },
      body: c.body,
    });
    const text = await res.text();
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(`${res.status} answer is not JSON (${res.headers.get('content-type')}): ${text.slice(0, 300)}`);
    }
    const shown = JSON.stringify(json);
    const context = `${res.status} ${shown.slice(0, 600)}`;

    expect({ status: res.status, context }).toEqual({ status: c.expectStatus, context });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    if (res.status === 405) expect(res.headers.get('allow')).toBe('POST');

    if (res.status === 200) {
      // A mixed body: the good lines stored, the bad ones listed.
      expect(json.rejected).toBeGreaterThan(0);
    } else {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    if ('error' in json) {
      expect(typeof json.error).toBe('string');
      expect((json.error as string).length).toBeGreaterThan(15);
      expect(json.error).toMatch(/\s/);
    } else {
      const errors = json.errors as { line: unknown; field: unknown; message: unknown }[];
      expect(Array.isArray(errors) && errors.length > 0).toBe(true);
      for (const e of errors) {
        expect(Number.isInteger(e.line) && (e.line as number) >= 1).toBe(true);
        expect(typeof e.field).toBe('string');
        expect(typeof e.message).toBe('string');
        expect((e.message as string).length).toBeGreaterThan(15);
      }
    }

    if (c.expectError) expect(shown).toMatch(c.expectError);
    if (c.expectAccepted !== undefined) expect(json.accepted).toBe(c.expectAccepted);
    if (c.expectRejected !== undefined) expect(json.rejected).toBe(c.expectRejected);
    if (c.expectErrors) {
      expect((json.errors as { line: number; field: string }[]).map((e) => [e.line, e.field])).toEqual(c.expectErrors);
    }
  });

  it('is still up and stored nothing but the good lines of the mixed bodies', async () => {
    const health = await fetch(`${t.base}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${roomy.base}/healthz`)).status).toBe(200);

    // The pre-corpus batch is untouched, row for row.
    expect(await count(BEFORE_USER)).toBe(5);
    expect(await rowsOf(BEFORE_USER)).toEqual(beforeRows);

    // Exactly the intentional good lines were added, and nothing from a rejected line or body.
    expect(await count(GOOD_USER)).toBe(goodIds.length);
    expect(await count(NEVER_USER)).toBe(0);
    const stored = await engine.db.query<{ id: string }>(
      'test.ids',
      sql`SELECT toString(event_id) AS id FROM ${engine.db.table('events')} WHERE user_id != ${BEFORE_USER}`,
    );
    expect(stored.map((r) => r.id).sort()).toEqual([...goodIds].sort());

    const after = await storeTotals(engine.db);
    expect(after.events).toBe((before.events as number) + goodIds.length);
    // Every rollup still equals its recomputation from the raw events, which are exactly the
    // pre-corpus batch plus the good lines: the totals changed by those lines and nothing else.
    expect(await rollupDifferences(engine.db)).toEqual([]);
  });
});
