/**
 * companyLearningSummary and companies, from the CompanyLearningSummary descriptions: the
 * company's events (company_id), so solo learners (no company) never count.
 */
import type { LearningEvent } from '../../src/domain/event';
import { distinct, groupBy, isLearning, scoped, sum } from './common';
import { bucketLabels, bucketOf, bucketStart, eventMs, period, type Granularity, type PeriodArg } from './period';

export interface CompanyFigures {
  activeLearners: number;
  certificatesIssued: number;
  coursesCompleted: number;
  learningTimeSeconds: number;
}
export interface CompanyLearningPoint extends CompanyFigures {
  bucket: string;
  start: string;
}
export interface CompanyLearningSummary extends CompanyFigures {
  companyId: string;
  series: CompanyLearningPoint[] | null;
}

function figures(events: readonly LearningEvent[]): CompanyFigures {
  const learning = events.filter((e) => isLearning(e.type));
  return {
    activeLearners: distinct(learning.map((e) => e.user_id)),
    certificatesIssued: events.filter((e) => e.type === 'certificate.issued').length,
    coursesCompleted: events.filter((e) => e.type === 'course.completed').length,
    learningTimeSeconds: sum(learning.map((e) => e.duration_seconds)),
  };
}

export function companyLearningSummary(
  events: readonly LearningEvent[],
  args: { companyId: string; period: PeriodArg; granularity?: Granularity | null },
): CompanyLearningSummary {
  const p = period(args.period);
  const mine = scoped(events, p, args.companyId);
  let series: CompanyLearningPoint[] | null = null;
  if (args.granularity) {
    const g = args.granularity;
    const byBucket = groupBy(mine, (e) => bucketOf(eventMs(e), g, p.timezone));
    series = bucketLabels(p, g).map((bucket) => ({ bucket, start: bucketStart(bucket, p.timezone), ...figures(byBucket.get(bucket) ?? []) }));
  }
  return { companyId: args.companyId, ...figures(mine), series };
}

export function companies(events: readonly LearningEvent[], args: { period: PeriodArg; ids?: string[] | null }): CompanyLearningSummary[] {
  const p = period(args.period);
  const inPeriod = scoped(events, p);
  const summaryOf = (companyId: string): CompanyLearningSummary => ({
    companyId,
    ...figures(inPeriod.filter((e) => e.company_id === companyId)),
    series: null,
  });
  if (args.ids) return [...new Set(args.ids)].map(summaryOf);
  // The companies with any event in the period, most active learners first, ties by company id.
  // (The description said nothing about ties; the repository's ORDER BY was read to resolve it
  // and the description now says so. The generated data happens to have no tie.)
  const ids = [...new Set(inPeriod.map((e) => e.company_id).filter((c) => c !== ''))];
  return ids
    .map(summaryOf)
    .sort((a, b) => b.activeLearners - a.activeLearners || (a.companyId < b.companyId ? -1 : 1))
    .slice(0, 500);
}
