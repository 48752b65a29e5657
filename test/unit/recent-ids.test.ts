import { randomUUID } from 'node:crypto';
import { RecentIdsFilter } from '../../src/clickhouse/recent-ids';

describe('RecentIdsFilter (the in-process filter in front of the event_id lookup)', () => {
  it('never answers "new" for an id it holds, whatever the id looks like', () => {
    const filter = new RecentIdsFilter(20_000);
    const ids = [
      ...Array.from({ length: 10_000 }, () => randomUUID()),
      // Sequential, non-random ids: hashed, so they spread as well.
      ...Array.from({ length: 5_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    ];
    for (const id of ids) filter.add(id);
    expect(ids.filter((id) => !filter.mightContain(id))).toEqual([]);
    expect(filter.size).toBe(ids.length);
  });

  it('answers "perhaps" for few ids it was never given (about 1% at capacity)', () => {
    const filter = new RecentIdsFilter(10_000);
    for (let i = 0; i < 10_000; i++) filter.add(randomUUID());
    const strangers = Array.from({ length: 10_000 }, () => randomUUID());
    const falsePositives = strangers.filter((id) => filter.mightContain(id)).length;
    expect(falsePositives).toBeLessThan(300);
    expect(filter.full).toBe(true);
    filter.clear();
    expect(filter.size).toBe(0);
    expect(strangers.some((id) => filter.mightContain(id))).toBe(false);
  });
});
