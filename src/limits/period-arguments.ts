import { getNamedType, type GraphQLError } from 'graphql';
import type { Granularity } from '../domain/vocabulary';
import { periodTooLong, type PeriodLimits } from '../domain/period';
import type { VisitedField } from './walk-operation';

const DAY_MS = 86_400_000;

interface PeriodValue {
  from: Date;
  to: Date;
}

function periodOf(field: VisitedField): PeriodValue | null {
  const arg = field.def.args.find((a) => a.name === 'period');
  if (!arg || getNamedType(arg.type).name !== 'PeriodInput') return null;
  const value = field.args.period as Partial<PeriodValue> | undefined;
  return value?.from instanceof Date && value.to instanceof Date ? (value as PeriodValue) : null;
}

/**
 * Period lengths, checked for the whole operation before any field runs: a period over
 * MAX_PERIOD_DAYS, or over MAX_HOUR_PERIOD_DAYS where HOUR buckets are asked for (on the
 * field itself or on a field below it, such as `courseEngagement { series(granularity: HOUR) }`).
 * Same error as the services give (BAD_USER_INPUT naming `period`). Other period rules
 * (timezones, from before to) stay with the services.
 */
export class PeriodChecker {
  private error: GraphQLError | null = null;
  private readonly periods = new Map<VisitedField, PeriodValue | null>();

  constructor(private readonly limits: PeriodLimits) {}

  visit(field: VisitedField): void {
    if (this.error) return;
    const own = periodOf(field);
    this.periods.set(field, own);
    const granularity = typeof field.args.granularity === 'string' ? (field.args.granularity as Granularity) : null;
    if (own) {
      this.error = this.check(own, granularity ?? 'DAY');
      return;
    }
    if (granularity !== 'HOUR') return;
    for (let up = field.parent; up; up = up.parent) {
      const inherited = this.periods.get(up);
      if (inherited) {
        this.error = this.check(inherited, 'HOUR');
        return;
      }
    }
  }

  get firstError(): GraphQLError | null {
    return this.error;
  }

  private check(period: PeriodValue, granularity: Granularity): GraphQLError | null {
    const days = Math.round((period.to.getTime() - period.from.getTime()) / DAY_MS);
    // An empty or reversed period is the service's error to give, with its own message.
    return days > 0 ? periodTooLong(days, this.limits, granularity) : null;
  }
}
