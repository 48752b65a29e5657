import { campaignsReport } from './campaigns.report';
import { companySummaryReport } from './company-summary.report';
import { courseEngagementReport } from './course-engagement.report';
import { dauReport } from './dau.report';
import { eventCountsReport } from './event-counts.report';
import { funnelReport } from './funnel.report';
import { courseProgressReport } from './course-progress.report';
import { learnersReport } from './learners.report';
import {
  practiceLearnersReport,
  practiceProgressionReport,
  practiceScenariosReport,
  practiceStrengthAreasReport,
  practiceTimeDistributionReport,
} from './practice.reports';
import { quizItemsReport } from './quiz-items.report';
import type { CsvReport } from './report';
import { videoEngagementReport } from './video-engagement.report';

/** Every `GET /export/<name>.csv`; the names are the closed set that reaches file names. */
export const CSV_REPORTS = {
  dau: dauReport,
  'course-engagement': courseEngagementReport,
  funnel: funnelReport,
  campaigns: campaignsReport,
  'company-summary': companySummaryReport,
  'event-counts': eventCountsReport,
  'course-progress': courseProgressReport,
  learners: learnersReport,
  'quiz-items': quizItemsReport,
  'video-engagement': videoEngagementReport,
  'practice-progression': practiceProgressionReport,
  'practice-scenarios': practiceScenariosReport,
  'practice-strength-areas': practiceStrengthAreasReport,
  'practice-time-distribution': practiceTimeDistributionReport,
  'practice-learners': practiceLearnersReport,
} as const satisfies Record<string, CsvReport>;

export type CsvReportName = keyof typeof CSV_REPORTS;

export function isCsvReportName(name: string): name is CsvReportName {
  return Object.hasOwn(CSV_REPORTS, name);
}
