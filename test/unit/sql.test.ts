import { identifier, join, keyword, param, render, sql, trustedSql } from '../../src/clickhouse/sql';

describe('sql tagged template', () => {
  it('binds every value as a numbered, typed server parameter', () => {
    const q = sql`SELECT count() FROM ${identifier('db.events')} WHERE type = ${'lesson.completed'} AND user_id IN ${['a', 'b']} AND duration_seconds > ${10} AND score > ${9.5} AND timestamp >= ${new Date('2026-01-02T03:04:05.006Z')}`;
    expect(render(q)).toEqual({
      query:
        "SELECT count() FROM db.events WHERE type = {p1:String} AND user_id IN {p2:Array(String)} AND duration_seconds > {p3:Int64} AND score > {p4:Float64} AND timestamp >= {p5:DateTime64(3, 'UTC')}",
      params: { p1: 'lesson.completed', p2: ['a', 'b'], p3: 10, p4: 9.5, p5: '2026-01-02 03:04:05.006' },
    });
  });

  it('numbers parameters across nested fragments in order of appearance', () => {
    const conditions = [sql`company_id = ${'c1'}`, sql`platform = ${'web'}`];
    const q = sql`SELECT 1 WHERE ${join(conditions, ' AND ')} AND hour < ${param('2026-01-01', 'Date')}`;
    expect(render(q)).toEqual({
      query: 'SELECT 1 WHERE company_id = {p1:String} AND platform = {p2:String} AND hour < {p3:Date}',
      params: { p1: 'c1', p2: 'web', p3: '2026-01-01' },
    });
  });

  it('never puts a value into the SQL text, whatever it contains', () => {
    const evil = "x' OR 1=1; DROP TABLE events; --";
    const { query, params } = render(sql`SELECT * FROM t WHERE user_id = ${evil}`);
    expect(query).not.toContain('DROP');
    expect(params.p1).toBe(evil);
  });

  it('refuses identifiers that are not plain names', () => {
    expect(() => identifier('events; DROP TABLE x')).toThrow(/Refusing SQL identifier/);
    expect(() => identifier('db.events')).not.toThrow();
  });

  it('passes keywords and trusted file text through unchanged', () => {
    expect(render(sql`SELECT ${keyword('uniqExactMerge')}(users)`).query).toBe('SELECT uniqExactMerge(users)');
    expect(render(trustedSql('CREATE TABLE x (a UInt8) ENGINE = Memory')).query).toBe('CREATE TABLE x (a UInt8) ENGINE = Memory');
  });

  it('asks for an explicit type when it cannot infer one', () => {
    expect(() => render(sql`SELECT ${{ a: 1 } as never}`)).toThrow(/use param\(value, type\)/);
  });
});
