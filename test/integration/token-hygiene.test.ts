import { SignJWT } from 'jose';
import { createServices } from '../../src/services';
import { loadConfig } from '../../src/config/config';
import { migratedEngine, TEST_JWT_SECRET, type TestEngine } from '../helpers/engine';
import { startTestServer, type TestServer } from '../helpers/http';

/**
 * Token hygiene (issue 13, deliverable 7): a maximum lifetime per role (TOKEN_MAX_LIFETIME_<ROLE>,
 * partners 90 days by default), `iat` in the future beyond the clock skew refused, `iss` and
 * `aud` required in production. Each refusal is a 401 with the reason and no data.
 */

const NOW = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** A token with explicit iat/exp (seconds), or none of iat. */
function sign(claims: Record<string, unknown>, times: { iat?: number | null; exp: number }, extra: { iss?: string; aud?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('hygiene').setExpirationTime(times.exp);
  if (times.iat !== null) jwt.setIssuedAt(times.iat ?? NOW());
  if (extra.iss) jwt.setIssuer(extra.iss);
  if (extra.aud) jwt.setAudience(extra.aud);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

const PARTNER = { role: 'partner', company_id: 'c1' };
const DAU = '{ dau(period: { from: "2026-03-01", to: "2026-03-02" }) { value } }';

describe('token hygiene', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('token-hygiene');
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const read = async (token: string) => {
    const res = await t.graphql(DAU, undefined, { authorization: `Bearer ${token}` });
    return { status: res.status, error: (res as { error?: string }).error, data: res.data };
  };

  it('accepts a partner token of 90 days (the default maximum)', async () => {
    const now = NOW();
    expect((await read(await sign(PARTNER, { iat: now, exp: now + 90 * DAY }))).status).toBe(200);
  });

  it.each([
    [
      "a partner token expiring in the year 9999 (the issue's probe)",
      PARTNER,
      { exp: 253_402_300_799 },
      /lifetime of .* is over the maximum of 90 days for partner tokens \(TOKEN_MAX_LIFETIME_PARTNER\)/,
    ],
    ['a partner token of 91 days', PARTNER, { exp: NOW() + 91 * DAY }, /over the maximum of 90 days for partner/],
    ['a token without iat living 10 years from now', PARTNER, { iat: null, exp: NOW() + 3650 * DAY }, /exp - now, no iat/],
    ['an admin token of 31 days (admin maximum 30)', { role: 'admin' }, { exp: NOW() + 31 * DAY }, /maximum of 30 days for admin/],
    ['iat a year in the future', PARTNER, { iat: NOW() + 365 * DAY, exp: NOW() + 365 * DAY + 3600 }, /"iat" is \d+ s in the future/],
    ['iat 5 minutes in the future (skew is 60 s)', PARTNER, { iat: NOW() + 300, exp: NOW() + 3600 }, /in the future \(more than the 60 s clock skew/],
  ])('refuses %s with 401 and the reason', async (_label, claims, times, reason) => {
    const res = await read(await sign(claims, times));
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.error).toMatch(reason);
  });

  it('tolerates iat a few seconds ahead (clock skew within 60 s)', async () => {
    expect((await read(await sign(PARTNER, { iat: NOW() + 20, exp: NOW() + 3600 }))).status).toBe(200);
  });

  it('TOKEN_MAX_LIFETIME_<ROLE> and TOKEN_CLOCK_SKEW_SECONDS are configurable', async () => {
    const config = loadConfig({ TOKEN_MAX_LIFETIME_PARTNER: '7d', TOKEN_MAX_LIFETIME_INGEST: '12h', TOKEN_CLOCK_SKEW_SECONDS: '5' });
    expect(config.tokens.maxLifetimeSeconds).toEqual({ admin: 30 * DAY, analyst: 90 * DAY, partner: 7 * DAY, ingest: 12 * 3600 });
    expect(config.tokens.clockSkewSeconds).toBe(5);
    expect(() => loadConfig({ TOKEN_MAX_LIFETIME_PARTNER: 'forever' })).toThrow(/TOKEN_MAX_LIFETIME_PARTNER=forever is not a duration/);
    expect(() => loadConfig({ TOKEN_CLOCK_SKEW_SECONDS: '3600' })).toThrow(/TOKEN_CLOCK_SKEW_SECONDS/);
    const strict = await startTestServer({ ...engine, config: { ...engine.config, tokens: config.tokens } });
    try {
      const now = NOW();
      const res = await strict.graphql(DAU, undefined, { authorization: `Bearer ${await sign(PARTNER, { iat: now, exp: now + 8 * DAY })}` });
      expect(res.status).toBe(401);
      expect((res as { error?: string }).error).toMatch(/maximum of 7 days for partner/);
    } finally {
      await strict.server.stop();
    }
  });

  describe('production requires iss and aud', () => {
    it('a production configuration without AUTH_ISSUER or AUTH_AUDIENCE does not start, saying why', () => {
      for (const env of [{}, { AUTH_ISSUER: 'learnmetrics' }, { AUTH_AUDIENCE: 'learnmetrics-api' }]) {
        const config = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env });
        expect(() => createServices(engine.db, config)).toThrow(/NODE_ENV=production needs AUTH_ISSUER and AUTH_AUDIENCE/);
      }
    });

    it('with both set, a token without them (or with others) is refused; with them it is served', async () => {
      const config = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_JWT_SECRET, AUTH_ISSUER: 'learnmetrics', AUTH_AUDIENCE: 'learnmetrics-api' });
      const prod = await startTestServer({
        ...engine,
        config: { ...engine.config, ...config, dataDir: engine.config.dataDir, database: engine.config.database },
      });
      try {
        const now = NOW();
        const ask = async (extra: { iss?: string; aud?: string }) =>
          (await prod.graphql(DAU, undefined, { authorization: `Bearer ${await sign(PARTNER, { iat: now, exp: now + 3600 }, extra)}` })).status;
        expect(await ask({})).toBe(401);
        expect(await ask({ iss: 'learnmetrics' })).toBe(401);
        expect(await ask({ iss: 'someone-else', aud: 'learnmetrics-api' })).toBe(401);
        expect(await ask({ iss: 'learnmetrics', aud: 'learnmetrics-api' })).toBe(200);
      } finally {
        await prod.server.stop();
      }
    });
  });
});
