/**
 * campaignPerformance: events carrying a utm_source, grouped by (utm_source, utm_medium,
 * utm_campaign); most users first, then most sessions, then by source, medium, campaign.
 */
import type { LearningEvent } from '../../src/domain/event';
import { distinct, groupBy, scoped } from './common';
import { period, type PeriodArg } from './period';

export interface CampaignPerformance {
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  sessions: number;
  users: number;
  signups: number;
  enrollments: number;
}

export function campaignPerformance(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; limit?: number },
): CampaignPerformance[] {
  const p = period(args.period);
  const groups = groupBy(scoped(events, p, args.companyId), (e) => (e.utm_source === '' ? null : JSON.stringify([e.utm_source, e.utm_medium, e.utm_campaign])));
  const rows = [...groups.entries()].map(([key, list]): CampaignPerformance => {
    const [utmSource, utmMedium, utmCampaign] = JSON.parse(key) as string[];
    return {
      utmSource,
      utmMedium,
      utmCampaign,
      sessions: distinct(list.map((e) => e.session_id)),
      users: distinct(list.map((e) => e.user_id)),
      signups: list.filter((e) => e.type === 'user.registered').length,
      enrollments: list.filter((e) => e.type === 'course.enrolled').length,
    };
  });
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort(
    (a, b) =>
      b.users - a.users || b.sessions - a.sessions || text(a.utmSource, b.utmSource) || text(a.utmMedium, b.utmMedium) || text(a.utmCampaign, b.utmCampaign),
  );
  return rows.slice(0, args.limit ?? 100);
}
