import { DEFAULT_AT_RISK_AFTER_DAYS, DEFAULT_INACTIVE_AFTER_DAYS, LEARNER_STATUSES } from '../domain/catalog';
import { badUserInput } from '../domain/errors';
import { CourseLearnersService } from '../metrics/course-learners.service';
import { iso, readCompanyId, type CsvReport } from './report';

const COLUMNS = [
  'userId',
  'status',
  'enrolled',
  'lessonsCompleted',
  'progress',
  'lastActivityAt',
  'daysSinceLastActivity',
  'averageQuizScore',
  'quizzesScored',
] as const;

/**
 * learners(courseId, companyId, status, limit, atRiskAfterDays, inactiveAfterDays, asOf): one
 * row per learner (a learner-level read: a partner token needs `learners:read`). `asOf` is an
 * ISO-8601 instant (default now); the file is named `learners_<asOf day>.csv`.
 */
export const learnersReport: CsvReport = {
  parameters: ['companyId', 'courseId', 'status', 'limit', 'atRiskAfterDays', 'inactiveAfterDays', 'asOf'],
  async run(query, services) {
    const companyId = readCompanyId(query);
    const courseId = query.required('courseId');
    const status = query.enumValue('status', LEARNER_STATUSES, null);
    const limit = query.int('limit', 100);
    const atRiskAfterDays = query.int('atRiskAfterDays', DEFAULT_AT_RISK_AFTER_DAYS);
    const inactiveAfterDays = query.int('inactiveAfterDays', DEFAULT_INACTIVE_AFTER_DAYS);
    const asOfText = query.string('asOf');
    const asOf = asOfText === null ? null : new Date(asOfText);
    if (asOf !== null && (!/^\d{4}-\d{2}-\d{2}T/.test(asOfText as string) || Number.isNaN(asOf.getTime())))
      throw badUserInput('asOf', `must be an ISO-8601 date-time such as 2026-03-01T00:00:00Z, got ${JSON.stringify((asOfText as string).slice(0, 40))}`);
    const service = services.get(CourseLearnersService);
    const of = await service.learners({ courseId, companyId, status, limit, atRiskAfterDays, inactiveAfterDays, asOf });
    const rows = (await service.list(of)).map((l) => ({ ...l, enrolled: String(l.enrolled), lastActivityAt: iso(l.lastActivityAt) }));
    // No period: the asOf day names the file.
    return { period: { fileSuffix: of.asOf.toISOString().slice(0, 10) }, columns: COLUMNS, rows };
  },
};
