/**
 * eventMetrics, from the Query.eventMetrics / EventMetricRow / Measure descriptions: events of
 * one type in the period (and company), one row per (bucket, group values) that had an event,
 * ordered by bucket, then value descending, then group values (as text); at most `limit` rows.
 * For SUM and AVG a group needs an event that holds a number: the description said only "had at
 * least one event", which leaves AVG over no numbers undefined; the API leaves such groups out
 * and the description now says so.
 */
import type { LearningEvent } from '../../src/domain/event';
import { decimalUnits, groupBy, numericValue, propertyAt, propertyText, scoped } from './common';
import { bucketOf, bucketStart, eventMs, period, type Granularity, type PeriodArg } from './period';

export type Measure = 'COUNT' | 'UNIQUE_USERS' | 'SUM' | 'AVG';

export interface EventMetricsArgs {
  period: PeriodArg;
  eventType: string;
  measure?: Measure;
  property?: string | null;
  groupBy?: string[] | null;
  granularity?: Granularity | null;
  companyId?: string | null;
  limit?: number;
}
export interface EventMetricRow {
  bucket: string | null;
  start: string | null;
  group: string[];
  value: number;
}

/** The text of a groupBy entry: an envelope column, or a `properties.` path. */
function groupValue(e: LearningEvent, field: string): string {
  if (field.startsWith('properties.')) return propertyText(propertyAt(e.properties, field.slice('properties.'.length)));
  return String(e[field as keyof LearningEvent] ?? '');
}

/**
 * The number `property` holds on the event, or null. amount is summed exactly (ten-thousandths)
 * before the conversion to a float; duration_seconds is 0 when absent; properties paths count
 * JSON numbers and numeric strings.
 */
function numberOf(e: LearningEvent, property: string): { units?: bigint; value: number } | null {
  switch (property) {
    case 'duration_seconds':
      return { value: e.duration_seconds };
    case 'score':
      return e.score === null ? null : { value: e.score };
    case 'amount':
      return e.amount === null ? null : { units: decimalUnits(e.amount), value: Number(e.amount) };
  }
  const value = numericValue(propertyAt(e.properties, property.slice('properties.'.length)));
  return value === null ? null : { value };
}

function measureOf(list: readonly LearningEvent[], measure: Measure, property: string | null | undefined): number {
  if (measure === 'COUNT') return list.length;
  if (measure === 'UNIQUE_USERS') return new Set(list.map((e) => e.user_id).filter((u) => u !== '')).size;
  const numbers = list.map((e) => numberOf(e, property as string)).filter((x): x is NonNullable<typeof x> => x !== null);
  const total =
    property === 'amount' ? Number(numbers.reduce((acc, x) => acc + (x.units as bigint), 0n)) / 10_000 : numbers.reduce((acc, x) => acc + x.value, 0);
  return measure === 'SUM' ? total : total / numbers.length;
}

export function eventMetrics(events: readonly LearningEvent[], args: EventMetricsArgs): EventMetricRow[] {
  const p = period(args.period);
  const fields = args.groupBy ?? [];
  const g = args.granularity ?? null;
  const measure = args.measure ?? 'COUNT';
  const rows = [
    ...groupBy(
      // SUM and AVG only consider events where `property` holds a number: a group without any has no row.
      scoped(events, p, args.companyId).filter(
        (e) => e.type === args.eventType && (measure === 'COUNT' || measure === 'UNIQUE_USERS' || numberOf(e, args.property as string) !== null),
      ),
      (e) => JSON.stringify([g ? bucketOf(eventMs(e), g, p.timezone) : null, ...fields.map((f) => groupValue(e, f))]),
    ).entries(),
  ].map(([key, list]): EventMetricRow => {
    const [bucket, ...group] = JSON.parse(key) as [string | null, ...string[]];
    return { bucket, start: bucket === null ? null : bucketStart(bucket, p.timezone), group, value: measureOf(list, measure, args.property) };
  });
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => {
    const byBucket = text(a.bucket ?? '', b.bucket ?? '');
    if (byBucket !== 0) return byBucket;
    if (a.value !== b.value) return b.value - a.value;
    for (let i = 0; i < a.group.length; i++) {
      const c = text(a.group[i], b.group[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return rows.slice(0, args.limit ?? 100);
}
