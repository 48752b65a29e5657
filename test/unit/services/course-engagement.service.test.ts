import { GraphQLError } from 'graphql';
import type { CohortCounts, CourseEngagementTotalsRow } from '../../../src/clickhouse/repositories/course-engagement.repository';
import { withheldNames } from '../../../src/domain/privacy';
import type { TenantScope } from '../../../src/domain/tenant-scope';
import type { CourseFigureLearners } from '../../../src/clickhouse/repositories/course-engagement-learners.repository';
import { CourseEngagementService, type CourseEngagementReader, type CourseFigureLearnersReader } from '../../../src/metrics/course-engagement.service';
import { serviceDeps, viewer } from '../../helpers/service-deps';

const MARCH = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z') };

const totals = (activeLearners: number, extra: Partial<CourseEngagementTotalsRow> = {}): CourseEngagementTotalsRow => ({
  enrollments: 10,
  completions: 4,
  activeLearners,
  learningTimeSeconds: 3600,
  lessonCompletions: 12,
  averageQuizScore: 70,
  quizzes: 8,
  quizzesPassed: 6,
  ...extra,
});

/** A repository fake that answers from a table and records every call with its scope. */
function fakeRepository(rows: Record<string, CourseEngagementTotalsRow>, cohorts: Record<string, CohortCounts> = {}) {
  const calls: { method: string; scope: TenantScope; ids: string[] }[] = [];
  const repo: CourseEngagementReader = {
    async totals(scope, _period, ids) {
      calls.push({ method: 'totals', scope, ids });
      return new Map(ids.filter((id) => rows[id]).map((id) => [id, rows[id]]));
    },
    async cohort(scope, _period, ids) {
      calls.push({ method: 'cohort', scope, ids });
      return new Map(ids.filter((id) => cohorts[id]).map((id) => [id, cohorts[id]]));
    },
    async perBucket(scope, _period, _granularity, ids) {
      calls.push({ method: 'perBucket', scope, ids });
      return new Map(
        ids.map((id) => [id, new Map([['2026-03-03', { enrollments: 2, completions: 1, activeLearners: 6, learningTimeSeconds: 60, lessonCompletions: 3 }]])]),
      );
    },
    async listActive(scope) {
      calls.push({ method: 'listActive', scope, ids: [] });
      return Object.keys(rows);
    },
  };
  return { calls, repo };
}

/** The learners of each figure of every course of the company (thresholded scopes only), over the period. */
function fakeLearners(rows: Record<string, CourseFigureLearners>): CourseFigureLearnersReader {
  return {
    async universe() {
      return Object.entries(rows).map(([courseId, learners]) => ({ courseId, bucket: null, learners }));
    },
  };
}

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions.code;
  }
  return 'no error';
};

describe('CourseEngagementService with a fake repository', () => {
  it('courses asked in one tick under one filter cost one query; unknown courses are zeros', async () => {
    const { calls, repo } = fakeRepository({ 'c-1': totals(9), 'c-2': totals(20) });
    const service = new CourseEngagementService(serviceDeps(viewer('admin')), repo);
    const [a, b, none] = await Promise.all(['c-1', 'c-2', 'c-404'].map((id) => service.engagement(id, MARCH, null)));
    expect(calls).toEqual([{ method: 'totals', scope: { companyId: null, minLearners: null }, ids: ['c-1', 'c-2', 'c-404'] }]);
    expect(a).toMatchObject({ courseId: 'c-1', enrollments: 10, completionRate: 0.4, averageTimeSpentSeconds: 400, quizPassRate: 0.75 });
    expect(b.activeLearners).toBe(20);
    expect(none).toMatchObject({ enrollments: 0, completionRate: null, averageQuizScore: null, quizPassRate: null });
  });

  it('decides tenancy itself: a partner gets its own company and the threshold', async () => {
    const { calls, repo } = fakeRepository({ 'c-1': totals(3), 'c-2': totals(6) });
    const service = new CourseEngagementService(
      serviceDeps(viewer('partner', 'co-a'), 5),
      repo,
      fakeLearners({ 'c-2': { active: 6, enrollers: 6, completers: 5, quizTakers: 5, lessonCompleters: 6 } }),
    );
    const small = await service.engagement('c-1', MARCH, null);
    const large = await service.engagement('c-2', MARCH, 'co-a');
    expect(calls.map((c) => c.scope)).toEqual([
      { companyId: 'co-a', minLearners: 5 },
      { companyId: 'co-a', minLearners: 5 },
    ]);
    expect(small).toMatchObject({ courseId: 'c-1', enrollments: null, activeLearners: null, quizPassRate: null });
    expect(withheldNames(small)).toContain('averageQuizScore');
    expect(large).toMatchObject({ enrollments: 10, activeLearners: 6 });
  });

  it('thresholds each figure on the learners it describes: one quiz taker among 6 active learners withholds the quiz figures only', async () => {
    const { repo } = fakeRepository({ 'c-1': totals(6) });
    const service = new CourseEngagementService(
      serviceDeps(viewer('partner', 'co-a'), 5),
      repo,
      fakeLearners({ 'c-1': { active: 6, enrollers: 6, completers: 2, quizTakers: 1, lessonCompleters: 5 } }),
    );
    const e = await service.engagement('c-1', MARCH, null);
    expect(e).toMatchObject({
      activeLearners: 6,
      enrollments: 10,
      lessonCompletions: 12,
      completions: null,
      completionRate: null,
      averageQuizScore: null,
      quizPassRate: null,
    });
    expect([...withheldNames(e)].sort()).toEqual(['averageQuizScore', 'completionRate', 'completions', 'quizPassRate']);
    // Admin: no learner counts at all (the default learners repository would touch the database).
    const admin = await new CourseEngagementService(serviceDeps(viewer('admin')), fakeRepository({ 'c-1': totals(6) }).repo).engagement('c-1', MARCH, null);
    expect(admin).toMatchObject({ completions: 4, averageQuizScore: 70 });
  });

  it('refuses before any query: another company (FORBIDDEN), a bad id or period (BAD_USER_INPUT)', async () => {
    const { calls, repo } = fakeRepository({ 'c-1': totals(9) });
    const partner = new CourseEngagementService(serviceDeps(viewer('partner', 'co-a')), repo);
    expect(await codeOf(partner.engagement('c-1', MARCH, 'co-b'))).toBe('FORBIDDEN');
    expect(await codeOf(partner.engagement('', MARCH, null))).toBe('BAD_USER_INPUT');
    expect(await codeOf(partner.engagement('c-1', { from: MARCH.to, to: MARCH.from }, null))).toBe('BAD_USER_INPUT');
    expect(await codeOf(partner.courses(MARCH, null, [], 'ENROLLMENTS_DESC', 50))).toBe('BAD_USER_INPUT');
    expect(calls).toEqual([]);
  });

  it('a courses list loads every engagement in one query, and the cohort and series in one more each', async () => {
    const { calls, repo } = fakeRepository({ 'c-1': totals(9), 'c-2': totals(7) }, { 'c-1': { enrollees: 8, completers: 2 } });
    const service = new CourseEngagementService(serviceDeps(viewer('analyst')), repo);
    const courses = await service.courses(MARCH, 'co-x', null, 'ENROLLMENTS_DESC', 50);
    const engagements = await Promise.all(courses.map((c) => service.engagementOf(c)));
    const [rates, series] = await Promise.all([
      Promise.all(engagements.map((e) => service.cohortCompletionRate(e))),
      Promise.all(engagements.map((e) => service.series(e, 'DAY'))),
    ]);
    expect(calls.map((c) => `${c.method}:${c.ids.join(',')}`)).toEqual(['listActive:', 'totals:c-1,c-2', 'cohort:c-1,c-2', 'perBucket:c-1,c-2']);
    expect(calls.every((c) => c.scope.companyId === 'co-x')).toBe(true);
    expect(rates).toEqual([0.25, null]);
    expect(series[0].map((p) => p.enrollments)).toEqual([0, 0, 2, 0, 0, 0, 0]);
  });
});
