/**
 * practiceProgress and practiceLearners, from the PracticeProgress / PracticeLearner
 * descriptions: plain TypeScript over the events, independent of the SQL. No threshold
 * (compare with admin views).
 */
import type { LearningEvent } from '../../src/domain/event';
import { groupBy, scoped, sum } from './common';
import { bucketOf, bucketStart, eventMs, period, type Granularity, type PeriodArg } from './period';

type Args = { period: PeriodArg; companyId?: string | null; granularity?: Granularity };

const EDGES = [0, 300, 600, 900, 1200, 1800, 2700, 3600];
const mean = (values: number[]) => (values.length === 0 ? null : sum(values) / values.length);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sessionsOf(events: readonly LearningEvent[], args: Args): LearningEvent[] {
  return scoped(events, period(args.period), args.companyId).filter((e) => e.type === 'practice_session.completed' && e.user_id !== '');
}

function scenarioOf(e: LearningEvent): string | null {
  const s = e.properties.scenario_id;
  return typeof s === 'string' && s !== '' ? s : null;
}

function criteriaOf(e: LearningEvent): [string, number][] {
  const c = e.properties.criteria;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return [];
  return Object.entries(c as Record<string, unknown>).filter((kv): kv is [string, number] => typeof kv[1] === 'number');
}

const scores = (list: LearningEvent[]) => list.flatMap((e) => (e.score === null || e.score === undefined ? [] : [e.score]));

function figures(list: LearningEvent[]) {
  const time = sum(list.map((e) => e.duration_seconds ?? 0));
  return {
    sessions: list.length,
    learners: new Set(list.map((e) => e.user_id)).size,
    averageScore: mean(scores(list)),
    practiceTimeSeconds: time,
    averageDurationSeconds: list.length === 0 ? null : time / list.length,
  };
}

function progression(list: LearningEvent[], granularity: Granularity, timezone: string) {
  return [...groupBy(list, (e) => bucketOf(eventMs(e), granularity, timezone))]
    .sort((a, b) => byText(a[0], b[0]))
    .map(([bucket, l]) => ({ bucket, start: bucketStart(bucket, timezone), ...figures(l) }));
}

export function practiceProgress(events: readonly LearningEvent[], args: Args) {
  const list = sessionsOf(events, args);
  const granularity = args.granularity ?? 'WEEK';
  const tz = period(args.period).timezone;
  const criteria = list.flatMap((e) => criteriaOf(e).map(([criterion, score]) => ({ criterion, score, user: e.user_id })));
  const bands = EDGES.map((from, i) => {
    const to = EDGES[i + 1] ?? null;
    const n = list.filter((e) => (e.duration_seconds ?? 0) >= from && (to === null || (e.duration_seconds ?? 0) < to)).length;
    return { fromSeconds: from, toSeconds: to, sessions: n, share: list.length === 0 ? null : n / list.length };
  });
  return {
    ...figures(list),
    scoreProgression: progression(list, granularity, tz),
    scenarios: [...groupBy(list, scenarioOf)]
      .map(([scenarioId, l]) => ({ scenarioId, ...figures(l), shareOfSessions: l.length / list.length, progression: progression(l, granularity, tz) }))
      .sort((a, b) => b.sessions - a.sessions || byText(a.scenarioId, b.scenarioId)),
    strengthAreas: [...groupBy(criteria, (c) => c.criterion)]
      .map(([criterion, l]) => ({
        criterion,
        sessions: l.length,
        learners: new Set(l.map((c) => c.user)).size,
        averageScore: sum(l.map((c) => c.score)) / l.length,
      }))
      .sort((a, b) => b.averageScore - a.averageScore || byText(a.criterion, b.criterion)),
    timeDistribution: bands,
  };
}

export function practiceLearners(events: readonly LearningEvent[], args: Args & { userId?: string; limit?: number }) {
  const granularity = args.granularity ?? 'WEEK';
  const tz = period(args.period).timezone;
  const list = sessionsOf(events, args).filter((e) => args.userId === undefined || e.user_id === args.userId);
  return [...groupBy(list, (e) => e.user_id)]
    .map(([userId, l]) => {
      const ordered = [...l].filter((e) => e.score !== null && e.score !== undefined).sort((a, b) => eventMs(a) - eventMs(b) || byText(a.event_id, b.event_id));
      const first = ordered[0]?.score ?? null;
      const last = ordered[ordered.length - 1]?.score ?? null;
      const criteria = l.flatMap(criteriaOf);
      return {
        userId,
        sessions: l.length,
        averageScore: mean(scores(l)),
        firstScore: first,
        lastScore: last,
        scoreChange: first === null || last === null ? null : last - first,
        practiceTimeSeconds: sum(l.map((e) => e.duration_seconds ?? 0)),
        strengthAreas: [...groupBy(criteria, (c) => c[0])]
          .map(([criterion, c]) => ({ criterion, sessions: c.length, averageScore: sum(c.map((x) => x[1])) / c.length }))
          .sort((a, b) => b.averageScore - a.averageScore || byText(a.criterion, b.criterion)),
        progression: progression(l, granularity, tz).map((p) => ({ bucket: p.bucket, start: p.start, sessions: p.sessions, averageScore: p.averageScore })),
      };
    })
    .sort((a, b) => b.sessions - a.sessions || byText(a.userId, b.userId))
    .slice(0, args.limit ?? 100);
}
