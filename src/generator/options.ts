import { DAY } from './calendar';

export interface GeneratorOptions {
  /** Exactly this many events are generated. */
  events: number;
  /** Enterprise customers; 0 means every learner is a solo learner. */
  companies: number;
  learners: number;
  courses: number;
  /** Length of the period in days. */
  days: number;
  seed: number;
  /** Exclusive end of the period: events fall in [end - days, end). */
  end: Date;
}

/** The period an options object covers, in epoch milliseconds, half-open [start, end). */
export interface Period {
  start: number;
  end: number;
}

export function periodOf(options: GeneratorOptions): Period {
  const end = options.end.getTime();
  return { start: end - options.days * DAY, end };
}

function requireInteger(name: keyof GeneratorOptions, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`GeneratorOptions.${name} must be an integer >= ${min}, got ${value}`);
  }
}

/** Throws a RangeError naming the first option that makes no sense. */
export function validateOptions(options: GeneratorOptions): void {
  requireInteger('events', options.events, 0);
  requireInteger('companies', options.companies, 0);
  requireInteger('learners', options.learners, 1);
  requireInteger('courses', options.courses, 1);
  requireInteger('days', options.days, 1);
  requireInteger('seed', options.seed, 0);
  if (!(options.end instanceof Date) || Number.isNaN(options.end.getTime())) {
    throw new RangeError('GeneratorOptions.end must be a valid Date');
  }
}
