import { SignJWT, UnsecuredJWT } from 'jose';
import { mintToken } from '../../src/auth/tokens';
import { migratedEngine, TEST_JWT_SECRET, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

const key = (secret: string) => new TextEncoder().encode(secret);
const sign = (claims: Record<string, unknown>, { secret = TEST_JWT_SECRET, exp = '1h' as string | null, aud = undefined as string | undefined } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('tester').setIssuedAt();
  if (exp) jwt.setExpirationTime(exp);
  if (aud) jwt.setAudience(aud);
  return jwt.sign(key(secret));
};

describe('tokens: abuse gets 401/403 and no data', () => {
  let engine: TestEngine;
  let t: TestServer;
  const DAU = '{ dau(period: { from: "2026-03-01", to: "2026-03-03" }) { date value } }';

  beforeAll(async () => {
    engine = await migratedEngine('auth', { authAudience: 'learnmetrics' });
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const read = (authorization?: string) => t.graphql(DAU, undefined, authorization === undefined ? { authorization: '' } : { authorization });

  it('serves a valid token (and the test server really checks the audience)', async () => {
    const good = `Bearer ${await mintToken(TEST_JWT_SECRET, { role: 'analyst', ttl: '1h', audience: 'learnmetrics' })}`;
    const res = await read(good);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      dau: [
        { date: '2026-03-01', value: 0 },
        { date: '2026-03-02', value: 0 },
      ],
    });
  });

  const cases: [string, () => Promise<string | undefined>, RegExp][] = [
    ['no Authorization header', async () => undefined, /no token/],
    ['not a Bearer header', async () => 'Basic dXNlcjpwYXNz', /must be "Bearer <token>"/],
    ['malformed token', async () => 'Bearer not.a.jwt', /malformed/],
    [
      'alg: none',
      async () => `Bearer ${new UnsecuredJWT({ role: 'admin' }).setExpirationTime('1h').setAudience('learnmetrics').encode()}`,
      /algorithm is not accepted|malformed/,
    ],
    [
      'wrong signature',
      async () => `Bearer ${await sign({ role: 'admin' }, { secret: 'another-secret-entirely-0123456789', aud: 'learnmetrics' })}`,
      /signature is not valid/,
    ],
    ['expired', async () => `Bearer ${await sign({ role: 'admin' }, { exp: '-1m', aud: 'learnmetrics' })}`, /expired/],
    ['no exp claim', async () => `Bearer ${await sign({ role: 'admin' }, { exp: null, aud: 'learnmetrics' })}`, /"exp"/],
    ['wrong audience', async () => `Bearer ${await sign({ role: 'admin' }, { aud: 'someone-else' })}`, /"aud"/],
    ['unknown role', async () => `Bearer ${await sign({ role: 'root' }, { aud: 'learnmetrics' })}`, /"role" must be one of/],
    ['partner without company_id', async () => `Bearer ${await sign({ role: 'partner' }, { aud: 'learnmetrics' })}`, /needs a "company_id"/],
  ];

  it.each(cases)('%s -> 401 with a reason, no data', async (_name, token, message) => {
    const res = await read(await token());
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect((res as { error?: string }).error).toMatch(message);
  });

  it('an ingest token cannot read metrics (403 FORBIDDEN, no data) but can write events', async () => {
    const ingest = `Bearer ${await mintToken(TEST_JWT_SECRET, { role: 'ingest', ttl: '1h', audience: 'learnmetrics' })}`;
    const res = await read(ingest);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const write = await t.postEvents(toNdjson([anEvent()]), { authorization: ingest });
    expect(write.status).toBe(200);
  });

  it('analyst and partner tokens cannot write events', async () => {
    for (const token of [
      await mintToken(TEST_JWT_SECRET, { role: 'analyst', ttl: '1h', audience: 'learnmetrics' }),
      await mintToken(TEST_JWT_SECRET, { role: 'partner', companyId: 'c1', ttl: '1h', audience: 'learnmetrics' }),
    ]) {
      const http = await t.postEvents(toNdjson([anEvent()]), { authorization: `Bearer ${token}` });
      expect(http.status).toBe(403);
      const gql = await t.graphql('mutation { ingestEvents(events: [{ type: "user.logged_in", userId: "u" }]) { accepted } }', undefined, {
        authorization: `Bearer ${token}`,
      });
      expect(gql.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('leaves the health endpoints open', async () => {
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
  });

  it('the tokenFor helper tokens have no audience, so this server refuses them', async () => {
    const res = await read(`Bearer ${await tokenFor('admin')}`);
    expect(res.status).toBe(401);
  });
});
