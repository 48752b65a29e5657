/**
 * Small shared pieces of the oracle: the tenancy filter, the definition of a learning event,
 * exact decimals and the text / number reading of a `properties` path. Plain TypeScript over
 * LearningEvent[], written from design.md and schema.graphql.
 */
import type { LearningEvent } from '../../src/domain/event';
import { inPeriod, type OraclePeriod } from './period';

/** design.md: course.*, module.*, lesson.*, quiz.completed, practice_session.completed. */
export function isLearning(type: string): boolean {
  return (
    type.startsWith('course.') || type.startsWith('module.') || type.startsWith('lesson.') || type === 'quiz.completed' || type === 'practice_session.completed'
  );
}

/** "Only events (learners) of this company": company_id equals it; no company = everybody. */
export function ofCompany(e: LearningEvent, companyId: string | null | undefined): boolean {
  return companyId == null || e.company_id === companyId;
}

const scopedCache = new WeakMap<readonly LearningEvent[], Map<string, readonly LearningEvent[]>>();

/** Events in [from, to) of the period and of the company (when given). Memoised (hence readonly). */
export function scoped(events: readonly LearningEvent[], p: OraclePeriod, companyId?: string | null): readonly LearningEvent[] {
  let byScope = scopedCache.get(events);
  if (!byScope) scopedCache.set(events, (byScope = new Map()));
  const key = JSON.stringify([p.startMs, p.endMs, companyId ?? null]);
  let result = byScope.get(key);
  if (!result) byScope.set(key, (result = events.filter((e) => ofCompany(e, companyId) && inPeriod(e, p))));
  return result;
}

/** Distinct non-empty values. */
export function distinct(values: Iterable<string>): number {
  const set = new Set<string>();
  for (const v of values) if (v !== '') set.add(v);
  return set.size;
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

// ---- exact decimals (Decimal(18, 4) amounts) as BigInt ten-thousandths ------------------------

const SCALE = 4;

export function decimalUnits(amount: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(amount);
  if (!m) throw new Error(`oracle: not a decimal amount: ${amount}`);
  return BigInt(m[1]) * 10n ** BigInt(SCALE) + BigInt((m[2] ?? '').padEnd(SCALE, '0'));
}

/** "49.9", "1234.5678", "0": at most 4 decimals, no trailing zeros. */
export function formatDecimal(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / 10n ** BigInt(SCALE);
  const fraction = (abs % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

// ---- properties paths ----------------------------------------------------------------------

/** The value at a dotted path inside properties, or undefined. */
export function propertyAt(properties: Record<string, unknown>, path: string): unknown {
  let value: unknown = properties;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * PropertyOp / EventMetricRow.group: strings as they are, numbers and booleans as written in
 * JSON (`4`, `2.5`, `true`), absent as the empty string.
 */
export function propertyText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return JSON.stringify(value);
}

/**
 * The number a property value holds: a JSON number, or a string that reads as a decimal number
 * (PropertyOp GT..LTE, eventMetrics SUM/AVG); null for anything else (absent, other text, booleans).
 */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return Number(value);
  return null;
}

/** Items grouped by key, keys in first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
