import { AnswerCache, answerKey } from '../../src/graphql/answer-cache';

describe('AnswerCache', () => {
  const answer = (n: number) => ({ data: { dau: [{ date: '2026-03-01', value: n }] } });

  it('keys by document, operation, variables (in any key order) and scope', () => {
    const base = { documentHash: 'h', operationName: 'Dau', variables: { a: 1, b: { c: 2, d: 3 } }, scope: '["partner","co-a",[]]' };
    expect(answerKey(base)).toBe(answerKey({ ...base, variables: { b: { d: 3, c: 2 }, a: 1 } }));
    expect(answerKey(base)).not.toBe(answerKey({ ...base, scope: '["partner","co-b",[]]' }));
    expect(answerKey(base)).not.toBe(answerKey({ ...base, variables: { a: 2, b: { c: 2, d: 3 } } }));
    expect(answerKey(base)).not.toBe(answerKey({ ...base, operationName: 'Other' }));
    expect(answerKey(base)).not.toBe(answerKey({ ...base, documentHash: 'h2' }));
  });

  it('serves an answer only at the version it was computed at', () => {
    const cache = new AnswerCache(1 << 20);
    cache.set('k', 3, answer(1));
    expect(cache.get('k', 3)).toEqual(answer(1));
    expect(cache.get('k', 4)).toBeUndefined();
    // An answer computed before a write that landed meanwhile is not kept.
    cache.set('k', 3, answer(1));
    expect(cache.get('k', 4)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, hits: 1, misses: 2 });
  });

  it('hands out copies: a caller changing its answer does not change the cache', () => {
    const cache = new AnswerCache(1 << 20);
    cache.set('k', 0, answer(1));
    (cache.get('k', 0)!.data.dau as { value: number }[])[0].value = 99;
    expect(cache.get('k', 0)).toEqual(answer(1));
  });

  it('stays within its byte bound, dropping the least recently used first', () => {
    const one = JSON.stringify(answer(1)).length * 2 + 2 * 2;
    const cache = new AnswerCache(one * 4);
    for (const k of ['k1', 'k2', 'k3', 'k4']) cache.set(k, 0, answer(1));
    cache.get('k1', 0);
    cache.set('k5', 0, answer(1));
    expect(cache.stats().bytes).toBeLessThanOrEqual(one * 4);
    expect(cache.get('k1', 0)).toBeDefined();
    expect(cache.get('k2', 0)).toBeUndefined();
    expect(cache.get('k5', 0)).toBeDefined();
  });
});
