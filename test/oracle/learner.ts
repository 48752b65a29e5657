/** learner(userId).metrics(period): one user_id's raw events within the company scope. */
import type { LearningEvent } from '../../src/domain/event';
import { ofCompany, sum } from './common';
import { eventMs, inPeriod, period, type PeriodArg } from './period';

export interface LearnerMetrics {
  practiceSessionsCompleted: number;
  practiceTimeSeconds: number;
  averageScore: number | null;
  coursesEnrolled: number;
  coursesCompleted: number;
  lastActiveAt: string | null;
}

function learnerEvents(events: readonly LearningEvent[], userId: string, companyId?: string | null): LearningEvent[] {
  return events.filter((e) => e.user_id === userId && ofCompany(e, companyId));
}

/** null when the user has no event at all (within companyId when given). */
export function learner(events: readonly LearningEvent[], args: { userId: string; companyId?: string | null }): { userId: string } | null {
  return learnerEvents(events, args.userId, args.companyId).length > 0 ? { userId: args.userId } : null;
}

export function learnerMetrics(events: readonly LearningEvent[], args: { userId: string; companyId?: string | null; period: PeriodArg }): LearnerMetrics {
  const p = period(args.period);
  const mine = learnerEvents(events, args.userId, args.companyId);
  const inP = mine.filter((e) => inPeriod(e, p));
  const practice = inP.filter((e) => e.type === 'practice_session.completed');
  const scored = practice.filter((e) => e.score !== null);
  const courses = (type: string) => new Set(inP.filter((e) => e.type === type && e.course_id !== '').map((e) => e.course_id)).size;
  const before = mine.map(eventMs).filter((ms) => ms < p.endMs);
  return {
    practiceSessionsCompleted: practice.length,
    practiceTimeSeconds: sum(practice.map((e) => e.duration_seconds)),
    averageScore: scored.length === 0 ? null : sum(scored.map((e) => e.score as number)) / scored.length,
    coursesEnrolled: courses('course.enrolled'),
    coursesCompleted: courses('course.completed'),
    lastActiveAt: before.length === 0 ? null : new Date(Math.max(...before)).toISOString(),
  };
}
