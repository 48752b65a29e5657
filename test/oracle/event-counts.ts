/** eventCounts: events per calendar bucket and type (every event, with or without user_id). */
import type { LearningEvent } from '../../src/domain/event';
import { scoped } from './common';
import { bucketLabels, bucketOf, bucketStart, eventMs, period, type Granularity, type PeriodArg } from './period';

export interface EventCount {
  bucket: string;
  start: string;
  eventType: string;
  count: number;
}

export function eventCounts(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; eventTypes?: string[] | null; granularity?: Granularity },
): EventCount[] {
  const p = period(args.period);
  const g = args.granularity ?? 'DAY';
  const counts = new Map<string, Map<string, number>>();
  for (const e of scoped(events, p, args.companyId)) {
    if (args.eventTypes && !args.eventTypes.includes(e.type)) continue;
    const label = bucketOf(eventMs(e), g, p.timezone);
    const byType = counts.get(label) ?? new Map<string, number>();
    byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    counts.set(label, byType);
  }
  const rows: EventCount[] = [];
  for (const bucket of bucketLabels(p, g)) {
    const byType = counts.get(bucket) ?? new Map<string, number>();
    // With eventTypes: every named type in every bucket (zero-filled); without: the pairs that happened.
    const types = args.eventTypes ? [...new Set(args.eventTypes)] : [...byType.keys()];
    for (const eventType of types.sort()) {
      rows.push({ bucket, start: bucketStart(bucket, p.timezone), eventType, count: byType.get(eventType) ?? 0 });
    }
  }
  return rows;
}
