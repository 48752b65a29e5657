import { withheldNames } from '../../../src/domain/privacy';
import type { Period } from '../../../src/domain/period';
import { ActiveUsersService, type ActiveUsersReader } from '../../../src/metrics/active-users.service';
import { serviceDeps, viewer } from '../../helpers/service-deps';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

function fakeRepository(perDay: Record<string, number>, distinct: number[]) {
  const calls: string[] = [];
  const repo: ActiveUsersReader = {
    async perBucket(scope, period: Period, granularity) {
      calls.push(`perBucket ${scope.companyId ?? 'all'} ${period.from}..${period.to} ${granularity}`);
      return new Map(Object.entries(perDay).filter(([d]) => d >= period.from && d < period.to));
    },
    async distinctIn(scope, ranges) {
      calls.push(`distinctIn ${scope.companyId ?? 'all'} x${ranges.length}`);
      return distinct.slice(0, ranges.length);
    },
  };
  return { calls, repo };
}

describe('ActiveUsersService with a fake repository', () => {
  it('dau: one point per day of the period, zero-filled', async () => {
    const { repo } = fakeRepository({ '2026-03-02': 12, '2026-03-04': 7 }, []);
    const points = await new ActiveUsersService(serviceDeps(viewer('admin')), repo).dau({ from: day('2026-03-01'), to: day('2026-03-05') }, null, null);
    expect(points).toEqual([
      { date: '2026-03-01', value: 0 },
      { date: '2026-03-02', value: 12 },
      { date: '2026-03-03', value: 0 },
      { date: '2026-03-04', value: 7 },
    ]);
  });

  it('dau for a partner: days under k are withheld, each day by its own count, and the smallest visible day as their complement', async () => {
    const { calls, repo } = fakeRepository({ '2026-03-01': 4, '2026-03-02': 5, '2026-03-03': 6 }, []);
    const points = await new ActiveUsersService(serviceDeps(viewer('partner', 'co-a'), 5), repo).dau(
      { from: day('2026-03-01'), to: day('2026-03-04') },
      null,
      null,
    );
    // Day 1 alone would be dailyAverage x 3 minus the other days: day 2 (the smaller visible) goes too.
    expect(points.map((p) => p.value)).toEqual([null, null, 6]);
    expect(withheldNames(points[0])).toEqual(['value']);
    expect(withheldNames(points[1])).toEqual(['value']);
    expect(calls).toEqual(['perBucket co-a 2026-03-01..2026-03-04 DAY']);
  });

  it('summary of a 30-day period reads the days once and asks the distinct counts in one query', async () => {
    const perDay = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`2026-03-${String(i + 1).padStart(2, '0')}`, 10]));
    const { calls, repo } = fakeRepository(perDay, [40, 90]);
    const summary = await new ActiveUsersService(serviceDeps(viewer('admin')), repo).summary({ from: day('2026-03-01'), to: day('2026-03-31') }, null, null);
    expect(summary).toEqual({ dailyAverage: 10, weekly: 40, monthly: 90, stickiness: 10 / 90 });
    expect(calls).toEqual(['perBucket all 2026-03-01..2026-03-31 DAY', 'distinctIn all x2']);
  });
  it('summary computes only the figures asked for: weekly alone is one distinct count, no per-day read', async () => {
    const perDay = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`2026-03-${String(i + 1).padStart(2, '0')}`, 10]));
    const service = (answers: number[]) => {
      const { calls, repo } = fakeRepository(perDay, answers);
      return { calls, service: new ActiveUsersService(serviceDeps(viewer('admin')), repo) };
    };
    const period = { from: day('2026-03-01'), to: day('2026-03-31') };
    const weekly = service([40]);
    expect(await weekly.service.summary(period, null, null, new Set(['weekly']))).toEqual({ dailyAverage: null, weekly: 40, monthly: null, stickiness: null });
    expect(weekly.calls).toEqual(['distinctIn all x1']);
    const stickiness = service([90]);
    expect(await stickiness.service.summary(period, null, null, new Set(['stickiness']))).toEqual({
      dailyAverage: null,
      weekly: null,
      monthly: null,
      stickiness: 10 / 90,
    });
    expect(stickiness.calls).toEqual(['perBucket all 2026-03-01..2026-03-31 DAY', 'distinctIn all x1']);
    const average = service([]);
    expect(await average.service.summary(period, null, null, new Set(['dailyAverage']))).toEqual({
      dailyAverage: 10,
      weekly: null,
      monthly: null,
      stickiness: null,
    });
    expect(average.calls).toEqual(['perBucket all 2026-03-01..2026-03-31 DAY']);
  });
});
