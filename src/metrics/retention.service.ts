import { DateTime } from 'luxon';
import type { ClickHouse } from '../clickhouse/client';
import { RetentionRepository, type RetentionGranularity } from '../clickhouse/repositories/retention.repository';
import { checkEventType } from './argument-rules';
import { badUserInput } from './errors';
import type { Granularity } from './granularity';
import { bucketLabels, resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import { withholdSmallGroup, withholdSmallItems } from './privacy';
import type { TenantScope } from './scope';

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

export const MAX_RETENTION_PERIODS = 52;
const UNITS = { DAY: 'days', WEEK: 'weeks', MONTH: 'months' } as const;

function checkGranularity(granularity: Granularity): RetentionGranularity {
  if (granularity !== 'DAY' && granularity !== 'WEEK' && granularity !== 'MONTH') {
    throw badUserInput('granularity', `retention cohorts are DAY, WEEK or MONTH, got ${granularity}`);
  }
  return granularity;
}

function checkPeriods(periods: number): number {
  if (!Number.isInteger(periods) || periods < 1 || periods > MAX_RETENTION_PERIODS) {
    throw badUserInput('periods', `must be a whole number of buckets from 1 to ${MAX_RETENTION_PERIODS}, got ${periods}`);
  }
  return periods;
}

/** Cohort retention over raw events; see the `retention` query's description for the rules. */
export class RetentionService {
  private readonly repo: RetentionRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new RetentionRepository(db);
  }

  async retention(scope: TenantScope, args: RetentionArgs): Promise<RetentionCohort[]> {
    const cohortEventType = checkEventType('cohortEventType', args.cohortEventType);
    const returnEventType = args.returnEventType === null ? null : checkEventType('returnEventType', args.returnEventType);
    const granularity = checkGranularity(args.granularity);
    const periods = checkPeriods(args.periods);
    const period = resolvePeriod(args.period, this.limits, granularity);
    const labels = bucketLabels(period, granularity);
    const lastBucketStart = DateTime.fromISO(labels[labels.length - 1], { zone: period.timezone });
    const query = {
      period,
      cohortEventType,
      returnEventType,
      granularity,
      periods,
      returnsUntilUtc: lastBucketStart.plus({ [UNITS[granularity]]: periods }).toUTC().toJSDate(),
    };
    const [sizes, retainedRows] = await Promise.all([this.repo.cohortSizes(scope, query), this.repo.retained(scope, query)]);
    const retained = new Map(labels.map((label) => [label, new Array<number>(periods).fill(0)]));
    for (const row of retainedRows) {
      const counts = retained.get(row.cohort);
      if (counts && row.index >= 0 && row.index < periods) counts[row.index] = row.users;
    }
    // Privacy threshold (partner views): the cohort (size distinct users) is a group, and so is
    // each retained[i] cell (that many distinct users), whose rate goes with it.
    return labels.map((label) => {
      const size = sizes.get(label) ?? 0;
      const counts = retained.get(label)!;
      const cohort: RetentionCohort = { cohortStart: label, size, retained: counts, rates: counts.map((n) => (size === 0 ? 0 : n / size)) };
      return withholdSmallItems(scope, counts, withholdSmallGroup(scope, size, cohort, ['size']), ['retained', 'rates']);
    });
  }
}
