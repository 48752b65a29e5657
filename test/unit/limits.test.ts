import { getOperationAST, parse } from 'graphql';
import { classifyClickHouseError, typedQueryError } from '../../src/clickhouse/errors';
import { DEFAULT_LIMITS, loadLimitsConfig } from '../../src/config/limits-config';
import { checkOperation } from '../../src/limits/operation-limits';
import { clickhouseSettingsFor } from '../../src/clickhouse/role-settings';
import { buildGraphQLSchema } from '../../src/graphql/build-schema';

const schema = buildGraphQLSchema();
const PERIOD = 'period: { from: "2026-03-01", to: "2026-03-08" }';

function cost(query: string, variables?: Record<string, unknown>): number | null {
  const document = parse(query);
  return checkOperation({
    schema,
    document,
    operation: getOperationAST(document)!,
    variables,
    limits: DEFAULT_LIMITS,
    periodLimits: { maxDays: 400, maxHourDays: 31 },
  });
}

function refusal(query: string, variables?: Record<string, unknown>) {
  try {
    cost(query, variables);
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('operation cost (src/limits/costs.ts on the fields)', () => {
  it.each([
    ['scalars under a rollup field cost nothing', `{ dau(${PERIOD}) { date value } }`, 5],
    ['a raw-event field', `{ funnel(${PERIOD}, steps: [{ eventType: "a.b" }, { eventType: "c.d" }]) { overallConversion } }`, 25],
    ['serverInfo and introspection', '{ serverInfo { version } __typename __schema { queryType { name } } }', 1],
    [
      'a list charges what is under it per `limit` item',
      `{ courses(${PERIOD}, limit: 40) { id engagement { enrollments cohortCompletionRate } } }`,
      5 + 40 * (1 + 25),
    ],
    ['... or per id given', `{ courses(${PERIOD}, ids: ["a", "b", "c"]) { engagement { series(granularity: DAY) { bucket } } } }`, 5 + 3 * (1 + 1)],
    ['the default limit counts when none is given (courses: 50)', `{ courses(${PERIOD}) { engagement { enrollments } } }`, 5 + 50],
    ['HOUR series cost more', `{ courseEngagement(courseId: "c", ${PERIOD}) { series(granularity: HOUR) { bucket } } }`, 5 + 5],
    ['companies without ids may list 500', `{ companies(${PERIOD}) { companyId series { bucket } } }`, 5 + 500],
    ['learner and its metrics both read raw events', `{ learner(userId: "u") { metrics(${PERIOD}) { coursesEnrolled } } }`, 50],
    ['aliases add up', `{ a: dau(${PERIOD}) { date } b: dau(${PERIOD}) { date } }`, 10],
    ['variables are applied', `query($n: Int!) { courses(${PERIOD}, limit: $n) { engagement { enrollments } } }`, 5 + 7],
  ])('%s', (_name, query, expected) => {
    expect(cost(query, { n: 7 })).toBe(expected);
  });

  it('returns null when the variables do not coerce (execution refuses them before any resolver)', () => {
    expect(cost(`query($n: Int!) { courses(${PERIOD}, limit: $n) { id } }`, { n: 'many' })).toBeNull();
  });
});

describe('document limits', () => {
  it('refuses depth, aliases, root fields and list lengths with their codes', () => {
    let inner = 'name';
    for (let i = 0; i < 20; i += 1) inner = `ofType { ${inner} }`;
    expect(refusal(`{ __type(name: "Query") { ${inner} } }`).extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 15, http: { status: 400 } });
    expect(refusal(`{ serverInfo { ${Array.from({ length: 31 }, (_, i) => `a${i}: version`).join(' ')} } }`).extensions).toMatchObject({
      code: 'TOO_MANY_ALIASES',
      limit: 30,
      actual: 31,
    });
    expect(refusal(`{ ${Array.from({ length: 21 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`).extensions).toMatchObject({
      code: 'TOO_MANY_ROOT_FIELDS',
      limit: 20,
      actual: 21,
    });
    expect(
      refusal(`query($t: [String!]) { eventCounts(${PERIOD}, eventTypes: $t) { count } }`, { t: Array.from({ length: 501 }, () => 'a.b') }).extensions,
    ).toMatchObject({ code: 'LIST_TOO_LONG', argumentName: 'eventTypes' });
  });

  it('counts the same root field asked twice under one name once (it is resolved once)', () => {
    expect(cost(`{ ${Array.from({ length: 25 }, () => `dau(${PERIOD}) { date }`).join(' ')} }`)).toBe(5 * 25);
  });

  it('lets the ingest mutation take INGEST_MAX_EVENTS events through its own override', () => {
    const document = parse('mutation($e: [EventInput!]!) { ingestEvents(events: $e) { accepted } }');
    const events = Array.from({ length: 600 }, () => ({ type: 'user.logged_in', userId: 'u' }));
    const check = (overrides?: Record<string, number>) => () =>
      checkOperation({
        schema,
        document,
        operation: getOperationAST(document)!,
        variables: { e: events },
        limits: DEFAULT_LIMITS,
        periodLimits: { maxDays: 400, maxHourDays: 31 },
        listOverrides: overrides,
      });
    expect(check()).toThrow(/events: 600 items/);
    expect(check({ 'Mutation.ingestEvents.events': 50_000 })).not.toThrow();
  });
});

describe('ClickHouse errors by code (src/clickhouse/errors.ts)', () => {
  const chError = (code: string, type: string) => Object.assign(new Error(`Code: ${code}. DB::Exception: SELECT secret FROM t (${type})`), { code, type });

  it.each([
    ['159', 'TIMEOUT_EXCEEDED', 'timeout'],
    ['160', 'TOO_SLOW', 'timeout'],
    ['158', 'TOO_MANY_ROWS', 'too_large'],
    ['396', 'TOO_MANY_ROWS_OR_BYTES', 'too_large'],
    ['241', 'MEMORY_LIMIT_EXCEEDED', 'too_large'],
    ['307', 'TOO_MANY_BYTES', 'too_large'],
    ['60', 'UNKNOWN_TABLE', null],
  ])('%s %s -> %s', (code, type, expected) => {
    expect(classifyClickHouseError(chError(code, type))).toBe(expected);
  });

  it('builds typed GraphQL errors that name the limits and never carry ClickHouse text', () => {
    const settings = clickhouseSettingsFor('partner', DEFAULT_LIMITS)!;
    const timeout = typedQueryError(chError('159', 'TIMEOUT_EXCEEDED'), settings, 'partner')!;
    expect(timeout.extensions).toMatchObject({ code: 'QUERY_TIMEOUT', limitSeconds: 10 });
    expect(timeout.message).toMatch(/longer than the 10 s allowed for a partner token/);
    const large = typedQueryError(chError('396', 'TOO_MANY_ROWS_OR_BYTES'), settings, 'admin')!;
    expect(large.extensions).toMatchObject({
      code: 'QUERY_TOO_LARGE',
      limits: { maxRowsToRead: 100_000_000, maxResultRows: 100_000, maxMemoryUsage: 1_000_000_000 },
    });
    for (const e of [timeout, large]) expect(e.message).not.toMatch(/DB::Exception|SELECT|Code:/);
    expect(typedQueryError(chError('60', 'UNKNOWN_TABLE'), settings)).toBeNull();
    expect(typedQueryError(new Error('socket hang up'), settings)).toBeNull();
    expect(typedQueryError({ code: 'ECONNRESET' }, settings)).toBeNull();
  });
});

describe('limits configuration', () => {
  it('has partner tighter than analyst tighter than admin, and nothing for ingest', () => {
    const [p, a, d] = (['partner', 'analyst', 'admin'] as const).map((role) => clickhouseSettingsFor(role, DEFAULT_LIMITS)!);
    for (const key of ['max_execution_time', 'max_memory_usage', 'max_rows_to_read', 'max_result_rows'] as const) {
      expect(Number(p[key])).toBeLessThan(Number(a[key]));
      expect(Number(a[key])).toBeLessThan(Number(d[key]));
    }
    expect(p).toMatchObject({ read_overflow_mode: 'throw', result_overflow_mode: 'throw', timeout_overflow_mode: 'throw' });
    expect(clickhouseSettingsFor('ingest', DEFAULT_LIMITS)).toBeUndefined();
    expect(DEFAULT_LIMITS.costBudget.partner).toBeLessThan(DEFAULT_LIMITS.costBudget.analyst);
    expect(DEFAULT_LIMITS.costBudget.analyst).toBeLessThan(DEFAULT_LIMITS.costBudget.admin);
  });

  it('reads every limit from the environment and refuses nonsense', () => {
    const limits = loadLimitsConfig({
      MAX_QUERY_DEPTH: '6',
      MAX_BATCH_OPERATIONS: '3',
      COST_BUDGET_PARTNER: '50',
      PARTNER_MAX_EXECUTION_TIME: '2.5',
      ANALYST_MAX_ROWS_TO_READ: '0',
    });
    expect(limits).toMatchObject({
      maxDepth: 6,
      maxBatchOperations: 3,
      costBudget: { partner: 50, analyst: 1000 },
      clickhouse: { partner: { maxExecutionTimeSeconds: 2.5 }, analyst: { maxRowsToRead: 0 } },
    });
    expect(loadLimitsConfig({})).toEqual(DEFAULT_LIMITS);
    expect(() => loadLimitsConfig({ MAX_ALIASES: '-1' })).toThrow(/MAX_ALIASES=-1/);
    expect(() => loadLimitsConfig({ COST_BUDGET_ADMIN: '0' })).toThrow(/COST_BUDGET_ADMIN=0/);
    expect(() => loadLimitsConfig({ ADMIN_MAX_MEMORY_USAGE: '1.5' })).toThrow(/ADMIN_MAX_MEMORY_USAGE/);
  });
});
