/**
 * Every check of a query argument, in one place: the services call them before any query runs,
 * so GraphQL, the CSV exports and the admin endpoint refuse exactly the same input with a
 * BAD_USER_INPUT that names the argument and says what is expected. Where a value must match
 * what ingest stores (ids, event types, currencies, properties keys), the rule is the event
 * model's own (event-rules.ts), so an argument that could never match is refused, not answered
 * with zeros.
 */
import { badUserInput } from './errors';
import { EVENT_LIMITS, EVENT_TYPE_RE, ID_RE } from './event-rules';
import {
  GROUP_COLUMNS,
  NUMERIC_COLUMNS,
  RETENTION_GRANULARITIES,
  type Granularity,
  type GroupColumn,
  type Measure,
  type NumericColumn,
  type PropertyOp,
  type RetentionGranularity,
} from './vocabulary';

// ---------------------------------------------------------------------------------------------
// Ids and list sizes

/** Most ids one list argument (`ids`) may name, and the largest `limit`: one IN array per query stays small. */
export const MAX_IDS = 500;
export const MAX_LIMIT = 500;
/** Course and company ids are UUIDs or CUIDs; anything this long is a mistake, not an id. */
export const MAX_ID_LENGTH = 128;

/** A required or optional id argument: not blank, at most MAX_ID_LENGTH characters. */
export function checkId(argumentName: string, id: string): string {
  if (id.trim() === '') throw badUserInput(argumentName, 'must not be empty');
  if (id.length > MAX_ID_LENGTH) throw badUserInput(argumentName, `is ${id.length} characters long; ids are at most ${MAX_ID_LENGTH}`);
  return id;
}

/** An optional filter such as `companyId`: absent means no filter; present must be a valid id. */
export function checkOptionalId(argumentName: string, id: string | null | undefined): string | null {
  return id === null || id === undefined ? null : checkId(argumentName, id);
}

/** An `ids` list: 1 to MAX_IDS valid ids; duplicates are dropped, first occurrence kept. */
export function checkIdList(argumentName: string, ids: readonly string[]): string[] {
  if (ids.length === 0) throw badUserInput(argumentName, 'is empty; give at least one id, or leave it out to list the ones with activity');
  if (ids.length > MAX_IDS) throw badUserInput(argumentName, `has ${ids.length} ids; at most ${MAX_IDS} per request`);
  ids.forEach((id, i) => checkId(`${argumentName}[${i}]`, id));
  return [...new Set(ids)];
}

export function checkLimit(argumentName: string, limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badUserInput(argumentName, `must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  return limit;
}

/** A row limit: a whole number from 1 to `max`. */
export function checkRowLimit(argumentName: string, limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw badUserInput(argumentName, `must be between 1 and ${max}, got ${limit}`);
  return limit;
}

/** Same id alphabet as ingest: anything else cannot be a stored user id. */
export function checkUserId(argumentName: string, userId: string): string {
  if (userId.length === 0 || userId.length > EVENT_LIMITS.maxIdLength || !ID_RE.test(userId)) {
    throw badUserInput(
      argumentName,
      `must be an id of 1 to ${EVENT_LIMITS.maxIdLength} letters, digits and _ . : - (a UUID or a CUID), got ${JSON.stringify(userId.slice(0, 140))}`,
    );
  }
  return userId;
}

// ---------------------------------------------------------------------------------------------
// Event types and values

/** Most types one eventCounts call may name (zero fill makes buckets x types rows). */
export const MAX_EVENT_TYPES = 50;

/** The shape of an event type (same rule as ingest): lowercase dot.case with at least two segments. */
export function checkEventType(argumentName: string, eventType: string): string {
  if (eventType.length > EVENT_LIMITS.maxTypeLength || !EVENT_TYPE_RE.test(eventType)) {
    throw badUserInput(
      argumentName,
      `must be a dot.case event type such as "lesson.completed" (lowercase letters, digits and _, at most ${EVENT_LIMITS.maxTypeLength} characters), got ${JSON.stringify(eventType.slice(0, 120))}`,
    );
  }
  return eventType;
}

/** 1 to MAX_EVENT_TYPES event types, deduplicated and sorted (the order rows come in). */
export function checkEventTypes(argumentName: string, eventTypes: readonly string[]): string[] {
  if (eventTypes.length === 0) throw badUserInput(argumentName, 'is empty; name at least one type, or leave it out for every type');
  if (eventTypes.length > MAX_EVENT_TYPES) throw badUserInput(argumentName, `names ${eventTypes.length} types; at most ${MAX_EVENT_TYPES}`);
  eventTypes.forEach((t, i) => checkEventType(`${argumentName}[${i}]`, t));
  return [...new Set(eventTypes)].sort();
}

/** Stored currencies are upper-cased at ingest, so a lower-case filter could only ever match nothing. */
const STORED_CURRENCY_RE = /^[A-Z]{3}$/;

export function checkCurrency(argumentName: string, currency: string): string {
  if (!STORED_CURRENCY_RE.test(currency)) {
    throw badUserInput(argumentName, `must be an ISO-4217 code of three capital letters such as "EUR", got ${JSON.stringify(currency.slice(0, 20))}`);
  }
  return currency;
}

// ---------------------------------------------------------------------------------------------
// Conditions on properties (funnel steps)

/** A condition on one value inside an event's `properties` JSON. */
export interface PropertyFilter {
  /** Dot path into `properties`, e.g. `rating` or `plan.tier`. */
  property: string;
  op: PropertyOp;
  value: string;
}

export const NUMERIC_PROPERTY_OPS: ReadonlySet<PropertyOp> = new Set(['GT', 'GTE', 'LT', 'LTE']);
export const MAX_PROPERTY_FILTERS = 10;
const MAX_VALUE_LENGTH = 1024;
/** Up to five levels of the key alphabet ingest accepts (no dots inside a key, see event-rules.ts). */
const PROPERTY_FILTER_PATH_RE = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*){0,4}$/;
/** A plain decimal number; `Number()` alone would also take "", "0x10" and "Infinity". */
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function checkPropertyFilters(argumentName: string, filters: readonly PropertyFilter[]): PropertyFilter[] {
  if (filters.length > MAX_PROPERTY_FILTERS) throw badUserInput(argumentName, `has ${filters.length} filters; at most ${MAX_PROPERTY_FILTERS}`);
  return filters.map((f, i) => {
    const name = `${argumentName}[${i}]`;
    if (!PROPERTY_FILTER_PATH_RE.test(f.property)) {
      throw badUserInput(
        `${name}.property`,
        `must be a path into properties such as "rating" or "plan.tier" (1 to 5 keys of letters, digits, _ and -, joined by dots), got ${JSON.stringify(f.property.slice(0, 120))}`,
      );
    }
    if (f.value.length > MAX_VALUE_LENGTH) throw badUserInput(`${name}.value`, `is ${f.value.length} characters long; at most ${MAX_VALUE_LENGTH}`);
    if (NUMERIC_PROPERTY_OPS.has(f.op) && (!DECIMAL_RE.test(f.value) || !Number.isFinite(Number(f.value)))) {
      throw badUserInput(`${name}.value`, `${f.op} compares numbers: give a decimal number such as "4" or "2.5", got ${JSON.stringify(f.value.slice(0, 120))}`);
    }
    return { property: f.property, op: f.op, value: f.value };
  });
}

// ---------------------------------------------------------------------------------------------
// Funnels

/** One step as asked for (FunnelStepInput): absent filters are null or undefined. */
export interface FunnelStepArgs {
  eventType: string;
  name?: string | null;
  courseId?: string | null;
  lessonId?: string | null;
  pagePrefix?: string | null;
  where?: readonly PropertyFilter[] | null;
}

/** A checked step: which events count as doing it (every given condition holds). */
export interface FunnelStep {
  name: string;
  eventType: string;
  courseId: string | null;
  lessonId: string | null;
  pagePrefix: string | null;
  where: readonly PropertyFilter[];
}

export const MIN_FUNNEL_STEPS = 2;
/** windowFunnel accepts at most 32 conditions; 20 keeps the UNORDERED search affordable. */
export const MAX_FUNNEL_STEPS = 20;
export const MAX_WINDOW_SECONDS = 90 * 24 * 3600;
const MAX_NAME_LENGTH = 200;
const MAX_PAGE_PREFIX_LENGTH = 1024;

function optionalText(argumentName: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value === '') throw badUserInput(argumentName, 'must not be empty; leave it out to match any value');
  if (value.length > max) throw badUserInput(argumentName, `is ${value.length} characters long; at most ${max}`);
  return value;
}

export function checkFunnelSteps(steps: readonly FunnelStepArgs[]): FunnelStep[] {
  if (steps.length < MIN_FUNNEL_STEPS || steps.length > MAX_FUNNEL_STEPS) {
    throw badUserInput('steps', `a funnel has ${MIN_FUNNEL_STEPS} to ${MAX_FUNNEL_STEPS} steps, got ${steps.length}`);
  }
  return steps.map((step, i) => {
    const arg = `steps[${i}]`;
    const eventType = checkEventType(`${arg}.eventType`, step.eventType);
    return {
      eventType,
      name: optionalText(`${arg}.name`, step.name, MAX_NAME_LENGTH) ?? eventType,
      courseId: step.courseId === null || step.courseId === undefined ? null : checkId(`${arg}.courseId`, step.courseId),
      lessonId: step.lessonId === null || step.lessonId === undefined ? null : checkId(`${arg}.lessonId`, step.lessonId),
      pagePrefix: optionalText(`${arg}.pagePrefix`, step.pagePrefix, MAX_PAGE_PREFIX_LENGTH),
      where: checkPropertyFilters(`${arg}.where`, step.where ?? []),
    };
  });
}

export function checkWindow(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
    throw badUserInput('window', `must be a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS} (90 days), got ${seconds}`);
  }
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// Retention

export const MAX_RETENTION_PERIODS = 52;

export function checkRetentionGranularity(granularity: Granularity): RetentionGranularity {
  if (!(RETENTION_GRANULARITIES as readonly string[]).includes(granularity)) {
    throw badUserInput('granularity', `retention cohorts are DAY, WEEK or MONTH, got ${granularity}`);
  }
  return granularity as RetentionGranularity;
}

export function checkRetentionPeriods(periods: number): number {
  if (!Number.isInteger(periods) || periods < 1 || periods > MAX_RETENTION_PERIODS) {
    throw badUserInput('periods', `must be a whole number of buckets from 1 to ${MAX_RETENTION_PERIODS}, got ${periods}`);
  }
  return periods;
}

// ---------------------------------------------------------------------------------------------
// eventMetrics: what to group by and what to measure

/** A path inside `properties`, as validated key names (no `properties` prefix). */
export interface PropertyPath {
  path: readonly string[];
}

/** One groupBy entry: an envelope column or a properties path. */
export type GroupBy = { column: GroupColumn } | PropertyPath;
/** What SUM and AVG read: a numeric envelope column or a properties path. */
export type NumericSource = { column: NumericColumn } | PropertyPath;
export type MeasureSpec = { kind: 'COUNT' } | { kind: 'UNIQUE_USERS' } | { kind: 'SUM' | 'AVG'; source: NumericSource };

export const MAX_EVENT_METRIC_ROWS = 1000;
export const MAX_GROUP_BY = 3;

const PROPERTY_PATH_RE = /^properties(\.[A-Za-z_][A-Za-z0-9_-]*){1,5}$/;

/** `properties.a.b` -> ['a', 'b'], or null when the text is not such a path. */
function propertyPath(text: string): PropertyPath | null {
  if (!PROPERTY_PATH_RE.test(text)) return null;
  const path = text.split('.').slice(1);
  return path.every((k) => k.length <= EVENT_LIMITS.maxPropertyKeyLength) ? { path } : null;
}

const show = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);

function parseGroup(argumentName: string, text: string): GroupBy {
  if ((GROUP_COLUMNS as readonly string[]).includes(text)) return { column: text as GroupColumn };
  const p = propertyPath(text);
  if (p) return p;
  throw badUserInput(
    argumentName,
    `must be one of ${GROUP_COLUMNS.join(', ')}, or a properties path such as "properties.product_id" (1 to 5 keys of letters, digits, _ and -), got ${show(text)}`,
  );
}

function parseNumericSource(text: string): NumericSource {
  if ((NUMERIC_COLUMNS as readonly string[]).includes(text)) return { column: text as NumericColumn };
  const p = propertyPath(text);
  if (p) return p;
  throw badUserInput(
    'property',
    `must be ${NUMERIC_COLUMNS.join(', ')}, or a properties path such as "properties.rating" (1 to 5 keys of letters, digits, _ and -), got ${show(text)}`,
  );
}

export function parseMeasure(measure: Measure, property: string | null): MeasureSpec {
  if (measure === 'COUNT' || measure === 'UNIQUE_USERS') {
    if (property !== null) throw badUserInput('property', `is only used by SUM and AVG; leave it out for ${measure}`);
    return { kind: measure };
  }
  if (property === null)
    throw badUserInput('property', `${measure} needs a property: ${NUMERIC_COLUMNS.join(', ')} or a properties path such as "properties.rating"`);
  return { kind: measure, source: parseNumericSource(property) };
}

export function parseGroupBy(groupBy: readonly string[]): GroupBy[] {
  if (groupBy.length > MAX_GROUP_BY) throw badUserInput('groupBy', `has ${groupBy.length} entries; at most ${MAX_GROUP_BY}`);
  const seen = new Set<string>();
  return groupBy.map((text, i) => {
    if (seen.has(text)) throw badUserInput(`groupBy[${i}]`, `repeats ${show(text)}`);
    seen.add(text);
    return parseGroup(`groupBy[${i}]`, text);
  });
}
