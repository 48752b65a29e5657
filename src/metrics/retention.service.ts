import { DateTime } from 'luxon';
import { RetentionRepository } from '../clickhouse/repositories/retention.repository';
import { checkEventType, checkRetentionGranularity, checkRetentionPeriods } from '../domain/arguments';
import { bucketLabels, resolvePeriod, type PeriodArgs } from '../domain/period';
import { suppressSeries, withholdSmallItems } from '../domain/privacy';
import type { Granularity } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

export type RetentionReader = Pick<RetentionRepository, 'cohortSizes' | 'retained'>;

export interface RetentionArgs {
  period: PeriodArgs;
  cohortEventType: string;
  returnEventType: string | null;
  granularity: Granularity;
  periods: number;
}

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface RetentionCohort {
  /** First day of the cohort bucket in the period timezone (YYYY-MM-DD). */
  cohortStart: string;
  size: number | null;
  retained: (number | null)[];
  rates: (number | null)[];
}

const UNITS = { DAY: 'days', WEEK: 'weeks', MONTH: 'months' } as const;

/** Cohort retention over raw events; see the `retention` query's description for the rules. */
export class RetentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: RetentionReader = new RetentionRepository(deps.db),
  ) {}

  async retention(companyId: string | null, args: RetentionArgs): Promise<RetentionCohort[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const cohortEventType = checkEventType('cohortEventType', args.cohortEventType);
    const returnEventType = args.returnEventType === null ? null : checkEventType('returnEventType', args.returnEventType);
    const granularity = checkRetentionGranularity(args.granularity);
    const periods = checkRetentionPeriods(args.periods);
    const period = resolvePeriod(args.period, this.deps.periodLimits, granularity);
    const labels = bucketLabels(period, granularity);
    const lastBucketStart = DateTime.fromISO(labels[labels.length - 1], { zone: period.timezone });
    const query = {
      period,
      cohortEventType,
      returnEventType,
      granularity,
      periods,
      returnsUntilUtc: lastBucketStart
        .plus({ [UNITS[granularity]]: periods })
        .toUTC()
        .toJSDate(),
    };
    const [sizes, retainedRows] = await Promise.all([this.repo.cohortSizes(scope, query), this.repo.retained(scope, query)]);
    const retained = new Map(labels.map((label) => [label, new Array<number>(periods).fill(0)]));
    for (const row of retainedRows) {
      const counts = retained.get(row.cohort);
      if (counts && row.index >= 0 && row.index < periods) counts[row.index] = row.users;
    }
    // Privacy threshold (partner views): the cohort (size distinct users) is a group, and so is
    // each retained[i] cell (that many distinct users), whose rate goes with it.
    // Cohort sizes add up to the size of a coarser cohort: complementary suppression along them.
    const cohorts = labels.map((label): RetentionCohort => {
      const size = sizes.get(label) ?? 0;
      const counts = retained.get(label)!;
      return { cohortStart: label, size, retained: counts, rates: counts.map((n) => (size === 0 ? 0 : n / size)) };
    });
    const sized = suppressSeries(scope, granularity, cohorts, [{ fields: ['size'], learnersOf: (c) => c.size ?? 0 }]);
    // A withheld cohort withholds its cells too (retained[0] is often its size).
    return sized.map((cohort, i) =>
      withholdSmallItems(
        scope,
        (cohorts[i].retained as number[]).map((n) => (cohort.size === null ? 0 : n)),
        cohort,
        ['retained', 'rates'],
      ),
    );
  }
}
