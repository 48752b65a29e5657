import { GRANULARITIES } from '../domain/vocabulary';
import { CompanyLearningService } from '../metrics/company-learning.service';
import { renameList } from '../rest/parameter-names';
import { iso, PERIOD_PARAMETERS, readPeriod, type CsvReport } from './report';

const COUNTS = ['activeLearners', 'coursesCompleted', 'learningTimeSeconds', 'certificatesIssued'] as const;
/** The figures of a summary or bucket; null (an empty cell) when the partner privacy threshold withholds them. */
const counts = (c: Record<(typeof COUNTS)[number], number | null>) => ({
  activeLearners: c.activeLearners,
  coursesCompleted: c.coursesCompleted,
  learningTimeSeconds: c.learningTimeSeconds,
  certificatesIssued: c.certificatesIssued,
});

/**
 * companyLearningSummary / companies. `companyId` repeated: exactly those companies, in the
 * order given (each one goes through the tenancy decision, so a partner naming another company
 * is refused); without: the companies with activity in the period that the viewer may read
 * (a partner: its own). One row per company; with `granularity`, one row per company and
 * bucket (zero-filled).
 */
export const companySummaryReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'granularity'],
  parameterOf: renameList('ids', 'companyId'),
  async run(query, services) {
    const granularity = query.enumValue('granularity', GRANULARITIES, null);
    const { args, period } = readPeriod(query, services, granularity ?? 'DAY');
    const ids = query.list('companyId');
    const service = services.get(CompanyLearningService);
    const summaries = await service.companies(ids, args);
    if (granularity === null) {
      return { period, columns: ['companyId', ...COUNTS], rows: summaries.map((s) => ({ companyId: s.companyId, ...counts(s) })) };
    }
    const series = await Promise.all(summaries.map((s) => service.series({ ...s, granularity })));
    return {
      period,
      columns: ['companyId', 'bucket', 'start', ...COUNTS],
      rows: summaries.flatMap((s, i) => (series[i] ?? []).map((p) => ({ companyId: s.companyId, bucket: p.bucket, start: iso(p.start), ...counts(p) }))),
    };
  },
};
