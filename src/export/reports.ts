import { campaignsReport } from './campaigns.report';
import { companySummaryReport } from './company-summary.report';
import { courseEngagementReport } from './course-engagement.report';
import { dauReport } from './dau.report';
import { eventCountsReport } from './event-counts.report';
import { funnelReport } from './funnel.report';
import type { CsvReport } from './report';

/** Every `GET /export/<name>.csv`; the names are the closed set that reaches file names. */
export const CSV_REPORTS = {
  dau: dauReport,
  'course-engagement': courseEngagementReport,
  funnel: funnelReport,
  campaigns: campaignsReport,
  'company-summary': companySummaryReport,
  'event-counts': eventCountsReport,
} as const satisfies Record<string, CsvReport>;

export type CsvReportName = keyof typeof CSV_REPORTS;

export function isCsvReportName(name: string): name is CsvReportName {
  return Object.hasOwn(CSV_REPORTS, name);
}
