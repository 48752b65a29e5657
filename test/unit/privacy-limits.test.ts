import { GraphQLError } from 'graphql';
import type { EventMetricsQuery, EventMetricsRow } from '../../src/clickhouse/repositories/event-metrics.repository';
import type { ContentRow } from '../../src/clickhouse/repositories/content.repository';
import { droppedGroups, PARTNER_LIST_ROWS } from '../../src/domain/privacy';
import { suppressedCube } from '../../src/domain/suppression';
import { ContentService } from '../../src/metrics/content.service';
import { EventMetricsService, PARTNER_CUBE_CELLS } from '../../src/metrics/event-metrics.service';
import { serviceDeps, viewer } from '../helpers/service-deps';

/**
 * Issue 13, the parts a cut could hide from suppression: eventMetrics tables past the cells the
 * decision is made on (before: the first 10,000 rows were decided on, the rest never seen), and
 * campaign/content lists cut by `limit` in SQL before suppression (before: a top-3 of 4 groups
 * never saw the small 4th, so the total minus the 3 shown gave it).
 */
const PERIOD = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
const NO_TYPES = { seen: async () => ['lesson.completed'] };

describe('suppression sees the whole table or refuses (partner views)', () => {
  it('eventMetrics past PARTNER_CUBE_CELLS rows and subtotals: BAD_USER_INPUT for a partner, not a table decided on part of it', async () => {
    const asked: EventMetricsQuery[] = [];
    const repo = {
      breakdown: async (_scope: unknown, _period: unknown, q: EventMetricsQuery): Promise<EventMetricsRow[]> => {
        asked.push(q);
        const n = Math.min(q.limit, PARTNER_CUBE_CELLS + 1);
        return Array.from({ length: n }, (_, i) => ({ bucket: null, group: [`g${i}`], value: 1, learners: 9, summedOut: 0 }));
      },
    };
    const args = { eventType: 'lesson.completed', period: PERIOD, measure: 'COUNT' as const, property: null, groupBy: ['page'], granularity: null, limit: 100 };
    const partner = new EventMetricsService(serviceDeps(viewer('partner', 'c1')), repo, NO_TYPES);
    const refused = await partner.breakdown(null, args).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    expect((refused as GraphQLError).message).toMatch(/more than 20000 rows and subtotals/);
    // The partner's question asked for the whole cube (marginals), one row past the bound.
    expect(asked[0]).toMatchObject({ marginals: true, withLearners: true, limit: PARTNER_CUBE_CELLS + 1 });
    // Admin: not thresholded, `limit` rows from SQL, no refusal.
    const admin = new EventMetricsService(serviceDeps(viewer('admin')), repo, NO_TYPES);
    expect(await admin.breakdown(null, args)).toHaveLength(100);
    expect(asked[1]).toMatchObject({ limit: 100 });
  });

  it('topContent limit 3 of 4 pages: decided on all 4, so the small 4th is protected by a withheld 3rd', async () => {
    const pages: ContentRow[] = [
      { id: '/a', views: 40, uniqueViewers: 10, completions: 0, timeSeconds: 0, averageScore: null },
      { id: '/b', views: 30, uniqueViewers: 8, completions: 0, timeSeconds: 0, averageScore: null },
      { id: '/c', views: 20, uniqueViewers: 6, completions: 0, timeSeconds: 0, averageScore: null },
      { id: '/d', views: 10, uniqueViewers: 1, completions: 0, timeSeconds: 0, averageScore: null },
    ];
    const limits: number[] = [];
    const repo = {
      top: async (_s: unknown, _p: unknown, _k: unknown, limit: number) => {
        limits.push(limit);
        return pages.slice(0, limit);
      },
    };
    const partner = new ContentService(serviceDeps(viewer('partner', 'c1')), repo);
    const top = await partner.top(PERIOD, null, 'PAGE', 3);
    expect(limits).toEqual([PARTNER_LIST_ROWS + 1]);
    expect(top.map((p) => [p.id, p.views])).toEqual([
      ['/a', 40],
      ['/b', 30],
      ['/c', null],
    ]);
    // eventCounts(page.viewed) = 100; 100 - 40 - 30 = /c + /d, never /d alone. /d is counted as left out.
    expect(droppedGroups(top)).toBe(1);
    const admin = new ContentService(serviceDeps(viewer('admin')), repo);
    expect((await admin.top(PERIOD, null, 'PAGE', 3)).map((p) => p.views)).toEqual([40, 30, 20]);
    expect(limits[1]).toBe(3);
  });

  it('topContent past PARTNER_LIST_ROWS groups: BAD_USER_INPUT for a partner', async () => {
    const many = Array.from({ length: PARTNER_LIST_ROWS + 1 }, (_, i) => ({
      id: `/p${i}`,
      views: 9,
      uniqueViewers: 9,
      completions: 0,
      timeSeconds: 0,
      averageScore: null,
    }));
    const partner = new ContentService(serviceDeps(viewer('partner', 'c1')), { top: async () => many });
    await expect(partner.top(PERIOD, null, 'PAGE', 10)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('suppressedCube: the shapes of one question decided coarsest first', () => {
  it('a complement withheld by country is withheld in every course of that country too', () => {
    // country x course: DE/c1 7, FR/c1 6, US/c1 5, US/c2 6, GB/c2 6, NG/c1 1, with every marginal.
    const table: [string, string, number][] = [
      ['DE', 'c1', 7],
      ['FR', 'c1', 6],
      ['US', 'c1', 5],
      ['US', 'c2', 6],
      ['GB', 'c2', 6],
      ['NG', 'c1', 1],
    ];
    const sum = (f: (r: [string, string, number]) => boolean) => table.filter(f).reduce((a, r) => a + r[2], 0);
    const cells = [
      { values: [null, null], learners: sum(() => true) },
      ...['DE', 'FR', 'US', 'GB', 'NG'].map((c) => ({ values: [c, null], learners: sum((r) => r[0] === c) })),
      ...['c1', 'c2'].map((c) => ({ values: [null, c], learners: sum((r) => r[1] === c) })),
      ...table.map(([country, course, learners]) => ({ values: [country, course], learners })),
    ];
    const hidden = [...suppressedCube(cells, 5)].map((i) => JSON.stringify(cells[i].values)).sort();
    // By country: NG and its complement FR (6, ties by label before GB). FR/c1 follows FR down;
    // the c1 line then has two withheld cells (FR, NG), so US/c1 stays visible.
    expect(hidden).toEqual(['["FR","c1"]', '["FR",null]', '["NG","c1"]', '["NG",null]']);
  });

  it("a cell alone in its other line is no complement while another cell will do (it would be that line's total)", () => {
    // course x day: A 3 on d1 and 2 on d2 (5), B 6 on d2 and 6 on d3, C 5 on d3 only, S 1 on d3.
    // By course: S, and A (5, ties by label before C). On d3, C/d3 (5) is the smallest visible,
    // but it is C's only day: withheld, C's visible total would be it, and d3 - B/d3 - C = S.
    const table: [string, string, number][] = [
      ['A', 'd1', 3],
      ['A', 'd2', 2],
      ['B', 'd2', 6],
      ['B', 'd3', 6],
      ['C', 'd3', 5],
      ['S', 'd3', 1],
    ];
    const sum = (f: (r: [string, string, number]) => boolean) => table.filter(f).reduce((a, r) => a + r[2], 0);
    const cells = [
      { values: [null, null], learners: sum(() => true) },
      ...['A', 'B', 'C', 'S'].map((c) => ({ values: [c, null], learners: sum((r) => r[0] === c) })),
      ...['d1', 'd2', 'd3'].map((d) => ({ values: [null, d], learners: sum((r) => r[1] === d) })),
      ...table.map(([course, day, learners]) => ({ values: [course, day], learners })),
    ];
    const hidden = new Set([...suppressedCube(cells, 5)].map((i) => JSON.stringify(cells[i].values)));
    expect(hidden.has('["C","d3"]')).toBe(false);
    expect(hidden.has('["C",null]')).toBe(false);
    expect(hidden.has('["B","d3"]')).toBe(true);
    // Every line of two or more cells keeps none or at least two withheld cells (a line of one is its own total).
    for (const [n, key] of [0, 1].flatMap((n) => [...new Set(table.map((r) => r[1 - n]))].map((k) => [n, k] as const))) {
      const line = table.filter((r) => r[1 - n] === key).map((r) => JSON.stringify([r[0], r[1]]));
      const withheld = line.filter((c) => hidden.has(c)).length;
      expect({ line: key, lone: line.length > 1 && withheld === 1 }).toEqual({ line: key, lone: false });
    }
  });

  it('unthresholded: nothing', () => {
    expect(suppressedCube([{ values: ['a'], learners: 1 }], null).size).toBe(0);
  });
});
