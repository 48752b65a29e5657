import { GraphQLError } from 'graphql';
import { bucketCut, bucketLabels, bucketStart, comparisonPeriod, DEFAULT_PERIOD_LIMITS, resolvePeriod, trailingPeriod } from '../../src/domain/period';
import { reportingTimezonesFromEnv } from '../../src/config/reporting-timezones';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const argumentOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).extensions.argumentName;
  }
  return 'no error';
};

describe('periods (src/domain/period.ts)', () => {
  it('a UTC period is its days at midnight UTC, [from, to)', () => {
    const p = resolvePeriod({ from: day('2026-03-01'), to: day('2026-03-08') });
    expect(p).toEqual({ from: '2026-03-01', to: '2026-03-08', timezone: 'UTC', fromUtc: day('2026-03-01'), toUtc: day('2026-03-08'), days: 7 });
  });

  it('days are cut in the timezone; a DST day is 23 or 25 hours but one day', () => {
    // Europe/Berlin moves from +01:00 to +02:00 on 2026-03-29.
    const p = resolvePeriod({ from: day('2026-03-28'), to: day('2026-03-30'), timezone: 'Europe/Berlin' });
    expect(p.fromUtc.toISOString()).toBe('2026-03-27T23:00:00.000Z');
    expect(p.toUtc.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(p.days).toBe(2);
  });

  it('refuses what it cannot answer, naming the argument', () => {
    expect(argumentOf(() => resolvePeriod({ from: day('2026-03-08'), to: day('2026-03-08') }))).toBe('period');
    expect(argumentOf(() => resolvePeriod({ from: day('2026-03-01'), to: day('2026-03-08'), timezone: 'Mars/Olympus' }))).toBe('period.timezone');
    expect(argumentOf(() => resolvePeriod({ from: day('2025-01-01'), to: day('2026-03-01') }, { maxDays: 400, maxHourDays: 31 }))).toBe('period');
    expect(argumentOf(() => resolvePeriod({ from: day('2026-01-01'), to: day('2026-03-01') }, { maxDays: 400, maxHourDays: 31 }, 'HOUR'))).toBe('period');
    expect(resolvePeriod({ from: day('2026-01-01'), to: day('2026-03-01') }, { maxDays: 400, maxHourDays: 31 }, 'DAY').days).toBe(59);
  });

  it('comparison and trailing periods', () => {
    const p = resolvePeriod({ from: day('2026-03-08'), to: day('2026-03-15') });
    expect(comparisonPeriod(p, 'PREVIOUS_PERIOD')).toMatchObject({ from: '2026-03-01', to: '2026-03-08', days: 7 });
    expect(comparisonPeriod(p, 'PREVIOUS_YEAR')).toMatchObject({ from: '2025-03-08', to: '2025-03-15', days: 7 });
    expect(trailingPeriod(p, 30)).toMatchObject({ from: '2026-02-13', to: '2026-03-15', days: 30 });
    expect(trailingPeriod(p, 30).toUtc).toEqual(p.toUtc);
  });
});

describe('bucket labels and starts (zero fill; the SQL labels are the same)', () => {
  const march = resolvePeriod({ from: day('2026-03-04'), to: day('2026-04-02') });

  it('DAY, WEEK (Mondays, the first one before the period), MONTH, YEAR', () => {
    expect(bucketLabels(march, 'DAY')).toHaveLength(29);
    expect(bucketLabels(march, 'WEEK')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    expect(bucketLabels(march, 'MONTH')).toEqual(['2026-03-01', '2026-04-01']);
    expect(bucketLabels(march, 'YEAR')).toEqual(['2026-01-01']);
  });

  it('HOUR labels in local time; a fall-back night repeats no label', () => {
    // New York falls back from -04:00 to -05:00 at 02:00 on 2026-11-01: 25 hours, 01:00 twice.
    const night = resolvePeriod({ from: day('2026-11-01'), to: day('2026-11-02'), timezone: 'America/New_York' }, undefined, 'HOUR');
    const labels = bucketLabels(night, 'HOUR');
    expect(labels).toHaveLength(24);
    expect(labels.slice(0, 3)).toEqual(['2026-11-01T00:00', '2026-11-01T01:00', '2026-11-01T02:00']);
    expect(new Set(labels).size).toBe(24);
  });

  it('a bucket starts at its local midnight or hour, as a UTC instant', () => {
    expect(bucketStart('2026-03-02', 'UTC').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(bucketStart('2026-03-02', 'Europe/Berlin').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(bucketStart('2026-03-02T05:00', 'America/New_York').toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});

describe('partner reporting timezone (PeriodLimits.reportingTimezone)', () => {
  const limits = { ...DEFAULT_PERIOD_LIMITS, reportingTimezone: 'Europe/Berlin' };
  const args = (timezone?: string) => ({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z'), timezone });

  it('defaults to the reporting timezone and accepts it named', () => {
    expect(resolvePeriod(args(), limits).timezone).toBe('Europe/Berlin');
    expect(resolvePeriod(args('Europe/Berlin'), limits).fromUtc.toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });

  it('refuses any other zone, UTC included, naming period.timezone', () => {
    for (const zone of ['UTC', 'Etc/GMT+6', 'Europe/Paris']) expect(() => resolvePeriod(args(zone), limits)).toThrow(/one reporting timezone, Europe\/Berlin/);
  });

  it('PARTNER_REPORTING_TIMEZONES parses company=Zone pairs and refuses bad entries', () => {
    expect([...reportingTimezonesFromEnv({ PARTNER_REPORTING_TIMEZONES: 'c1=Europe/Berlin, c2=UTC' })]).toEqual([
      ['c1', 'Europe/Berlin'],
      ['c2', 'UTC'],
    ]);
    expect(() => reportingTimezonesFromEnv({ PARTNER_REPORTING_TIMEZONES: 'c1' })).toThrow(/not company=Zone/);
    expect(() => reportingTimezonesFromEnv({ PARTNER_REPORTING_TIMEZONES: 'c1=Mars/Base' })).toThrow(/unknown timezone/);
    expect(() => reportingTimezonesFromEnv({ PARTNER_REPORTING_TIMEZONES: 'c1=Asia/Kolkata' })).toThrow(/non-whole-hour/);
  });
});

describe('the repeated hour of a fall-back night starts at its first instant', () => {
  it('New York 2026-11-01 01:00 is 05:00Z (not 06:00Z), Berlin 2026-10-25 02:00 is 00:00Z, Adelaide 2026-04-05 02:00 is 15:30Z', () => {
    expect(bucketStart('2026-11-01T01:00', 'America/New_York').toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(bucketStart('2026-11-01T02:00', 'America/New_York').toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(bucketStart('2026-10-25T02:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(bucketStart('2026-04-05T02:00', 'Australia/Adelaide').toISOString()).toBe('2026-04-04T15:30:00.000Z');
  });

  it('a day label starts at the first instant of the day; half-hour and 45-minute zones too', () => {
    expect(bucketStart('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(bucketStart('2026-03-02', 'Asia/Kolkata').toISOString()).toBe('2026-03-01T18:30:00.000Z');
    expect(bucketStart('2026-03-02T10:00', 'Asia/Kathmandu').toISOString()).toBe('2026-03-02T04:15:00.000Z');
    // Lord Howe moves its clocks by 30 minutes: 01:30 happens twice on 2026-04-05.
    expect(bucketStart('2026-04-05T01:00', 'Australia/Lord_Howe').toISOString()).toBe('2026-04-04T14:00:00.000Z');
  });

  it('a label in a spring-forward gap starts where the clock jumps to', () => {
    // New York 2026-03-08: 02:00 never happens (01:59:59 -05:00 is followed by 03:00 -04:00).
    expect(bucketStart('2026-03-08T02:00', 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('bucketCut: which rollup grain cuts the buckets exactly', () => {
  const p = (from: string, to: string, timezone: string) => resolvePeriod({ from: day(from), to: day(to), timezone });
  it('UTC days, whole UTC hours, or quarter hours', () => {
    expect(bucketCut(p('2026-03-01', '2026-04-01', 'UTC'), 'DAY')).toBe('utc-days');
    expect(bucketCut(p('2026-03-01', '2026-04-01', 'UTC'), 'MONTH')).toBe('utc-days');
    expect(bucketCut(p('2026-03-01', '2026-03-02', 'UTC'), 'HOUR')).toBe('whole-hours');
    // London is +00:00 in winter and +01:00 from 2026-03-29: a period across the change is not UTC days.
    expect(bucketCut(p('2026-03-01', '2026-03-28', 'Europe/London'), 'DAY')).toBe('utc-days');
    expect(bucketCut(p('2026-03-01', '2026-04-01', 'Europe/London'), 'DAY')).toBe('whole-hours');
    expect(bucketCut(p('2026-03-01', '2026-04-01', 'America/New_York'), 'WEEK')).toBe('whole-hours');
  });
});
