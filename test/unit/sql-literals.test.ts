import { literal, quoteString } from '../../src/clickhouse/literals';
import { identifier, join, keyword, param, render, renderLiterals, sql, trustedSql, type ClickHouseType } from '../../src/clickhouse/sql';

/**
 * The literal rendering of the `sql` tag (parameter-free SQL for the embedded engine). Exact
 * text for every ClickHouseType; test/integration/sql-literals.test.ts checks on the real engine
 * that each literal reads back as its value and agrees with the `{p:Type}` parameter path.
 */
describe('renderLiterals', () => {
  it('writes every value as the typed literal the engine substitutes for its parameter', () => {
    const q = sql`SELECT count() FROM ${identifier('db.events')} WHERE type = ${'lesson.completed'} AND user_id IN ${['a', 'b']} AND duration_seconds > ${10} AND score > ${9.5} AND timestamp >= ${new Date('2026-01-02T03:04:05.006Z')}`;
    expect(renderLiterals(q)).toBe(
      "SELECT count() FROM db.events WHERE type = 'lesson.completed' AND user_id IN _CAST(['a', 'b'], 'Array(String)') AND duration_seconds > _CAST(10, 'Int64') AND score > _CAST(9.5, 'Float64') AND timestamp >= _CAST('2026-01-02 03:04:05.006', 'DateTime64(3, \\'UTC\\')')",
    );
  });

  it('renders nested fragments, keywords and identifiers in place, deterministically', () => {
    const conditions = [sql`company_id = ${'c1'}`, sql`platform = ${'web'}`];
    const q = sql`SELECT ${keyword('uniqExactMerge')}(users) FROM ${identifier('t')} WHERE ${join(conditions, ' AND ')} AND hour < ${param('2026-01-01', 'Date')}`;
    const text = "SELECT uniqExactMerge(users) FROM t WHERE company_id = 'c1' AND platform = 'web' AND hour < _CAST('2026-01-01', 'Date')";
    expect(renderLiterals(q)).toBe(text);
    expect(renderLiterals(q)).toBe(text);
    expect(renderLiterals(trustedSql('CREATE TABLE x (a UInt8) ENGINE = Memory'))).toBe('CREATE TABLE x (a UInt8) ENGINE = Memory');
  });

  it('keeps the same template as the parameter rendering', () => {
    const q = sql`SELECT 1 WHERE a = ${'x'} AND b IN ${param([], 'Array(UUID)')}`;
    expect(render(q).query).toBe('SELECT 1 WHERE a = {p1:String} AND b IN {p2:Array(UUID)}');
    expect(renderLiterals(q)).toBe("SELECT 1 WHERE a = 'x' AND b IN _CAST([], 'Array(UUID)')");
  });
});

describe('string literals', () => {
  it.each([
    ['plain', 'abc', "'abc'"],
    ['empty', '', "''"],
    ['quote', "it's", "'it\\'s'"],
    ['backslash', 'a\\b', "'a\\\\b'"],
    ['backslash before quote (the classic breakout)', "\\'", "'\\\\\\''"],
    ['NUL', 'a\u0000b', "'a\\x00b'"],
    ['newline, CR, tab', 'a\nb\rc\td', "'a\\x0ab\\x0dc\\x09d'"],
    ['every other C0 control and DEL', '\u0001\u001f\u007f', "'\\x01\\x1f\\x7f'"],
    ['placeholder syntax stays text', '{p1:String}', "'{p1:String}'"],
    ['comment and statement separator', "x'; DROP TABLE t; --", "'x\\'; DROP TABLE t; --'"],
    ['non-ASCII passes as UTF-8', 'Ünïcødé 漢字 🚀 \u202e \u00a0', "'Ünïcødé 漢字 🚀 \u202e \u00a0'"],
    ['C1 controls and U+2028 pass through (not special to the SQL lexer)', '\u0085\u2028', "'\u0085\u2028'"],
    ['a lone high surrogate becomes U+FFFD', 'a\ud800b', "'a\uFFFDb'"],
    ['a lone low surrogate becomes U+FFFD', '\udc00', "'\uFFFD'"],
    ['a surrogate pair stays', '\ud83d\ude80', "'\ud83d\ude80'"],
  ])('%s', (_label, value, expected) => {
    expect(quoteString(value)).toBe(expected);
    expect(literal(value, 'String')).toBe(expected);
  });
});

describe('typed literals', () => {
  const uuid = '6f1d7f52-3c1b-4d61-9d0a-2a0c1f1b8a11';
  it.each<[ClickHouseType, unknown, string]>([
    ['UInt8', 0, "_CAST(0, 'UInt8')"],
    ['UInt8', 255, "_CAST(255, 'UInt8')"],
    ['UInt32', 4294967295, "_CAST(4294967295, 'UInt32')"],
    ['UInt64', '18446744073709551615', "_CAST(18446744073709551615, 'UInt64')"],
    ['UInt64', 18446744073709551615n, "_CAST(18446744073709551615, 'UInt64')"],
    ['Int64', -9223372036854775808n, "_CAST(-9223372036854775808, 'Int64')"],
    ['Int64', '9223372036854775807', "_CAST(9223372036854775807, 'Int64')"],
    ['Int64', -42, "_CAST(-42, 'Int64')"],
    ['Float64', 0.1, "_CAST(0.1, 'Float64')"],
    ['Float64', -0, "_CAST(-0., 'Float64')"],
    ['Float64', 1e21, "_CAST(1e+21, 'Float64')"],
    ['Float64', 5e-324, "_CAST(5e-324, 'Float64')"],
    ['Float64', Number.MAX_VALUE, "_CAST(1.7976931348623157e+308, 'Float64')"],
    ['Float64', 3, "_CAST(3, 'Float64')"],
    ['Bool', true, "_CAST(true, 'Bool')"],
    ['Bool', false, "_CAST(false, 'Bool')"],
    ['Date', '2026-03-01', "_CAST('2026-03-01', 'Date')"],
    ['Date', new Date('2026-03-01T00:00:00Z'), "_CAST('2026-03-01', 'Date')"],
    ['Date', '2149-06-06', "_CAST('2149-06-06', 'Date')"],
    ["DateTime('UTC')", new Date('2026-03-01T05:06:07Z'), "_CAST('2026-03-01 05:06:07', 'DateTime(\\'UTC\\')')"],
    ["DateTime('UTC')", '1970-01-01 00:00:00', "_CAST('1970-01-01 00:00:00', 'DateTime(\\'UTC\\')')"],
    ["DateTime64(3, 'UTC')", new Date('2026-03-01T05:06:07.089Z'), "_CAST('2026-03-01 05:06:07.089', 'DateTime64(3, \\'UTC\\')')"],
    ["DateTime64(3, 'UTC')", '1900-01-01 00:00:00', "_CAST('1900-01-01 00:00:00.000', 'DateTime64(3, \\'UTC\\')')"],
    ['UUID', uuid.toUpperCase(), `_CAST('${uuid}', 'UUID')`],
    ['Array(String)', [], "_CAST([], 'Array(String)')"],
    ['Array(String)', ["a'b", 'c\\'], "_CAST(['a\\'b', 'c\\\\'], 'Array(String)')"],
    ['Array(UUID)', [uuid, uuid], `_CAST(['${uuid}', '${uuid}'], 'Array(UUID)')`],
  ])('%s %p', (type, value, expected) => {
    expect(literal(value, type)).toBe(expected);
  });

  it.each<[ClickHouseType, unknown, RegExp]>([
    ['UInt8', 256, /out of range 0\.\.255/],
    ['UInt8', -1, /out of range/],
    ['UInt32', 1.5, /expected an integer|not a safe integer/],
    ['UInt64', '18446744073709551616', /out of range/],
    ['UInt64', '1e3', /expected an integer/],
    ['UInt64', ' 1', /expected an integer/],
    ['Int64', 2 ** 60, /not a safe integer/],
    ['Int64', '9223372036854775808', /out of range/],
    ['Float64', Number.NaN, /NaN and Infinity are refused/],
    ['Float64', Number.POSITIVE_INFINITY, /NaN and Infinity are refused/],
    ['Float64', Number.NEGATIVE_INFINITY, /NaN and Infinity are refused/],
    ['Float64', '1.5', /expected a number/],
    ['Bool', 1, /expected a boolean/],
    ['String', 5, /expected a string/],
    ['String', null, /expected a string/],
    ['Date', '2026-02-30', /not a calendar date/],
    ['Date', '2149-06-07', /outside 1970-01-01\.\.2149-06-06/],
    ['Date', '1969-12-31', /outside/],
    ['Date', new Date('2026-03-01T01:00:00Z'), /not at UTC midnight/],
    ['Date', '2026-3-1', /expected 'YYYY-MM-DD'/],
    ["DateTime('UTC')", new Date('2026-03-01T01:00:00.500Z'), /whole seconds/],
    ["DateTime('UTC')", new Date('2106-02-07T06:28:16Z'), /outside/],
    ["DateTime('UTC')", new Date(Number.NaN), /an invalid Date/],
    ["DateTime('UTC')", '2026-03-01T01:00:00Z', /expected 'YYYY-MM-DD hh:mm:ss/],
    ["DateTime64(3, 'UTC')", new Date('1899-12-31T23:59:59.999Z'), /outside 1900-01-01/],
    ["DateTime64(3, 'UTC')", new Date('2300-01-01T00:00:00Z'), /outside/],
    ['UUID', 'not-a-uuid', /expected a UUID/],
    ['UUID', "6f1d7f52-3c1b-4d61-9d0a-2a0c1f1b8a1'", /expected a UUID/],
    ['Array(String)', 'a', /expected an array/],
    ['Array(String)', ['a', 1], /expected a string/],
    ['Array(UUID)', ['x'], /expected a UUID/],
  ])('refuses %s %p', (type, value, message) => {
    expect(() => literal(value, type)).toThrow(message);
  });

  it('says what was wrong and what to do', () => {
    expect(() => literal(300, 'UInt8')).toThrow(
      'Cannot write 300 as a ClickHouse UInt8 literal: out of range 0..255. The value should have been validated before it reached SQL.',
    );
  });
});
