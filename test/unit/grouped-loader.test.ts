import { groupedLoader } from '../../src/metrics/grouped-loader';

interface Filter {
  period: string;
}

function counting() {
  const calls: { group: string; ids: string[] }[] = [];
  const loader = groupedLoader<Filter, number>({
    groupKey: (f) => f.period,
    fetch: async (f, ids) => {
      calls.push({ group: f.period, ids });
      if (f.period === 'broken') throw new Error('ClickHouse said no');
      return new Map(ids.filter((id) => id !== 'missing').map((id) => [id, id.length]));
    },
    missing: () => 0,
  });
  return { calls, loader };
}

describe('groupedLoader: ids under one filter in one query (src/metrics/grouped-loader.ts)', () => {
  it('keys of one tick are split by filter, one fetch per filter, ids deduplicated', async () => {
    const { calls, loader } = counting();
    const a = { period: 'march' };
    const values = await Promise.all([
      loader.load({ group: a, id: 'c1' }),
      loader.load({ group: { period: 'march' }, id: 'c22' }),
      loader.load({ group: a, id: 'c1' }),
      loader.load({ group: { period: 'april' }, id: 'c333' }),
    ]);
    expect(values).toEqual([2, 3, 2, 4]);
    expect(calls).toEqual([
      { group: 'march', ids: ['c1', 'c22'] },
      { group: 'april', ids: ['c333'] },
    ]);
  });

  it('an id the query did not return gets the missing value (zeros), not an error', async () => {
    const { loader } = counting();
    expect(await loader.load({ group: { period: 'march' }, id: 'missing' })).toBe(0);
  });

  it('a failing filter fails its own keys only', async () => {
    const { loader } = counting();
    const [broken, fine] = await Promise.allSettled([
      loader.load({ group: { period: 'broken' }, id: 'c1' }),
      loader.load({ group: { period: 'march' }, id: 'c1' }),
    ]);
    expect(broken).toMatchObject({ status: 'rejected', reason: { message: 'ClickHouse said no' } });
    expect(fine).toEqual({ status: 'fulfilled', value: 2 });
  });

  it('cached for the request: asking again costs nothing', async () => {
    const { calls, loader } = counting();
    await loader.load({ group: { period: 'march' }, id: 'c1' });
    await loader.load({ group: { period: 'march' }, id: 'c1' });
    expect(calls).toHaveLength(1);
  });
});
