/**
 * How one row of the course platform's `analytics_events` table becomes one event of our model
 * (design.md, "Event model"). docs/postgres-import.md has the same table for people; a unit
 * test keeps the two in step. Pure: the output is what a producer would send, and the import
 * passes it through `validateEvent` like any other event.
 */
import { legacyEventId } from './legacy-event-id';
import type { PostgresEventRow } from './postgres-row';
import { sanitiseCustomData, withinPropertyLimits, type ImportWarning } from './sanitise-properties';

/** Matches any eventAction (or none) not matched by a more specific rule of the same eventType. */
export const ANY = '*';
/** `auth.` followed by the row's normalised eventAction (`logout` -> `auth.logout`). */
export const AUTH_ACTION_TYPE = 'auth.{eventAction}';
/** The fallback: `legacy.` + normalised eventType, then `.` + normalised eventAction when there is one. */
export const LEGACY_TYPE = 'legacy.{eventType}[.{eventAction}]';

export interface MappingRule {
  /** The source eventType (matched case-insensitively, surrounding spaces ignored), or ANY. */
  eventType: string;
  /** The source eventAction (matched the same way), or ANY. */
  eventAction: string;
  /** The event type written: a catalogue or custom type, AUTH_ACTION_TYPE or LEGACY_TYPE. */
  type: string;
  /** Written instead of `type` when its condition does not hold (see `note`). */
  otherwise?: string;
  /** Why, and which source fields the event needs; shown in the docs table. */
  note: string;
}

/** Every documented eventType/eventAction pair, then the per-eventType catch-alls, then the fallback. */
export const POSTGRES_EVENT_MAPPING = [
  { eventType: 'auth_event', eventAction: 'login_success', type: 'user.logged_in', note: 'needs userId' },
  { eventType: 'auth_event', eventAction: 'login_failed', type: 'auth.login_failed', note: 'custom event; usually anonymous' },
  { eventType: 'auth_event', eventAction: 'otp_requested', type: 'auth.otp_requested', note: 'custom event; usually anonymous' },
  {
    eventType: 'auth_event',
    eventAction: ANY,
    type: AUTH_ACTION_TYPE,
    otherwise: LEGACY_TYPE,
    note: 'other auth actions (logout, email_entered, otp_entered, ...) as custom events; a row without an eventAction takes the fallback',
  },
  { eventType: 'course_event', eventAction: 'course_viewed', type: 'course.viewed', note: 'needs courseId' },
  { eventType: 'course_event', eventAction: 'module_started', type: 'module.started', note: 'needs userId, courseId and customData.moduleId' },
  { eventType: 'course_event', eventAction: 'module_completed', type: 'module.completed', note: 'needs userId, courseId and customData.moduleId' },
  { eventType: 'class_event', eventAction: 'class_started', type: 'lesson.started', note: 'classId is the lesson; needs userId, courseId, classId' },
  { eventType: 'class_event', eventAction: 'class_completed', type: 'lesson.completed', note: 'classId is the lesson; needs userId, courseId, classId' },
  {
    eventType: 'video_event',
    eventAction: 'video_progress',
    type: 'lesson.progressed',
    note: 'customData progress (0-100, "75%" too) -> properties.progress_percent; needs userId, courseId, classId',
  },
  { eventType: 'contest_event', eventAction: 'contest_started', type: 'contest.started', note: 'custom event' },
  {
    eventType: 'contest_event',
    eventAction: 'contest_completed',
    type: 'quiz.completed',
    otherwise: 'contest.completed',
    note: 'quiz.completed when the row has a userId, a usable customData.score and a contest (customData.contestId, else classId); else the custom contest.completed',
  },
  { eventType: 'we_page_load', eventAction: ANY, type: 'page.viewed', note: 'needs page and userId or sessionId' },
  { eventType: 'gtm_custom_click', eventAction: ANY, type: 'ui.clicked', note: 'buttonName, destination -> properties.button_name, properties.destination' },
  { eventType: 'error_event', eventAction: ANY, type: 'error.occurred', note: 'error details stay in properties (from customData)' },
  {
    eventType: ANY,
    eventAction: ANY,
    type: LEGACY_TYPE,
    note: 'anything else, as a custom event; eventType/eventAction are kept in properties as on every event',
  },
] as const satisfies readonly MappingRule[];

/** The value every imported event carries in `source`: the platform's web app wrote these rows. */
export const IMPORT_SOURCE = 'web';

/** Keys the import itself writes into properties; a customData key of the same name gives way. */
export const IMPORT_PROPERTY_KEYS = [
  'legacy_id',
  'legacy_event_type',
  'legacy_event_action',
  'is_logged_in',
  'button_name',
  'destination',
  'legacy_platform',
  'progress_percent',
] as const;

export interface MappedRow {
  /** The event as a producer would send it (snake_case envelope); validateEvent has the last word. */
  input: Record<string, unknown> & { type: string; properties: Record<string, unknown> };
  rule: MappingRule;
  warnings: ImportWarning[];
}

const PROGRESS_KEYS = ['progress', 'progressPercent', 'progress_percent', 'percentage', 'percent', 'milestone'];
const SCORE_KEYS = ['score', 'scorePercent', 'score_percent'];
const MAX_SCORE_KEYS = ['maxScore', 'max_score', 'totalScore', 'total_score'];
const CONTEST_ID_KEYS = ['contestId', 'contest_id', 'quizId', 'quiz_id'];
const MODULE_ID_KEYS = ['moduleId', 'module_id'];
const PLATFORMS = ['web', 'ios', 'android'];
const SEGMENT_MAX = 40;

const norm = (value: string | null | undefined) => (value ?? '').trim().toLowerCase();

/** The rule for a pair: the exact pair, else the eventType's catch-all, else the fallback. */
export function findRule(eventType: string | null, eventAction: string | null): MappingRule {
  const type = norm(eventType);
  const action = norm(eventAction);
  const rules: readonly MappingRule[] = POSTGRES_EVENT_MAPPING;
  return (
    rules.find((r) => r.eventType === type && r.eventAction === action && action !== '') ??
    rules.find((r) => r.eventType === type && r.eventAction === ANY) ??
    rules.find((r) => r.eventType === ANY)!
  );
}

/**
 * One segment of our dot.case type from a source name: camelCase split, lowercased, every run
 * of other characters (dots and hyphens included) one `_`, a leading digit prefixed with `x`,
 * at most 40 characters. `Newsletter-Signup` -> `newsletter_signup`, `submitSuccess` -> `submit_success`.
 */
export function typeSegment(name: string): string {
  let s = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') return 'unknown';
  if (!/^[a-z]/.test(s)) s = `x${s}`;
  return s.slice(0, SEGMENT_MAX).replace(/_+$/, '');
}

export function legacyType(eventType: string | null, eventAction: string | null): string {
  const action = (eventAction ?? '').trim();
  return `legacy.${typeSegment(eventType ?? '')}${action === '' ? '' : `.${typeSegment(action)}`}`;
}

/**
 * web/ios/android are kept (lowercased). Anything else, including the platform's `mobile`,
 * says nothing about the operating system our `platform` field records: it is left empty and
 * the original value goes to properties.legacy_platform.
 */
export function mapPlatform(value: string | null): { platform: string; original?: string } {
  if (value === null || value.trim() === '') return { platform: '' };
  const lower = value.trim().toLowerCase();
  return PLATFORMS.includes(lower) ? { platform: lower } : { platform: '', original: value };
}

/** `2024-12-19 10:15:00.123456` (UTC) -> `2024-12-19T10:15:00.123Z`; anything else is passed on for the validator to reject. */
export function isoTimestamp(pgText: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(pgText);
  if (m === null) return pgText;
  const millis = (m[7] ?? '').slice(0, 3).padEnd(3, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${millis}Z`;
}

function first(data: Record<string, unknown>, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) if (data[key] !== undefined && data[key] !== null) return { key, value: data[key] };
  return undefined;
}

function idFrom(data: Record<string, unknown>, keys: readonly string[]): string | undefined {
  const found = first(data, keys);
  if (found === undefined) return undefined;
  if (typeof found.value === 'string' && found.value !== '') return found.value;
  if (typeof found.value === 'number' && Number.isInteger(found.value)) return String(found.value);
  return undefined;
}

function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(value);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A score as a percentage: customData.score when 0-100, or score / maxScore * 100. */
function scoreFrom(data: Record<string, unknown>, warn: (w: ImportWarning) => void): number | undefined {
  const found = first(data, SCORE_KEYS);
  if (found === undefined) return undefined;
  const score = numberFrom(found.value);
  const max = numberFrom(first(data, MAX_SCORE_KEYS)?.value);
  if (score !== undefined && max !== undefined && max > 0 && score <= max) return round2((score / max) * 100);
  if (score !== undefined && max === undefined && score <= 100) return round2(score);
  warn({
    code: 'score_unreadable',
    message: `customData.${found.key} ${JSON.stringify(found.value)} is not a percentage from 0 to 100 (nor a score up to customData.maxScore): imported as contest.completed`,
  });
  return undefined;
}

function progressFrom(data: Record<string, unknown>, warn: (w: ImportWarning) => void): number | undefined {
  const found = first(data, PROGRESS_KEYS);
  if (found === undefined) return undefined;
  const progress = numberFrom(found.value);
  if (progress !== undefined && progress <= 100) return round2(progress);
  warn({
    code: 'progress_unreadable',
    message: `customData.${found.key} ${JSON.stringify(found.value)} is not a percentage from 0 to 100: no properties.progress_percent`,
  });
  return undefined;
}

/** Maps one source row. The result still has to pass validateEvent. */
export function mapPostgresRow(row: PostgresEventRow): MappedRow {
  const warnings: ImportWarning[] = [];
  const warn = (w: ImportWarning) => warnings.push(w);
  const rule = findRule(row.eventType, row.eventAction);
  const custom = sanitiseCustomData(row.customData, warn);

  const input: MappedRow['input'] = {
    event_id: legacyEventId(row.id),
    type: '',
    timestamp: isoTimestamp(row.timestamp),
    source: IMPORT_SOURCE,
    properties: {},
  };
  const put = (field: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') input[field] = value;
  };
  put('user_id', row.userId);
  put('session_id', row.sessionId);
  // The platform has no device or visitor id: an anonymous visitor is known by the session only.
  if (!row.userId) put('anonymous_id', row.sessionId);
  put('course_id', row.courseId);
  put('module_id', idFrom(custom, MODULE_ID_KEYS));
  put('lesson_id', row.classId);
  put('page', row.page);
  put('utm_source', row.utmSource);
  put('utm_medium', row.utmMedium);
  put('utm_campaign', row.utmCampaign);
  put('utm_term', row.utmTerm);
  put('utm_content', row.utmContent);
  const platform = mapPlatform(row.platform);
  put('platform', platform.platform);

  const imported: Record<string, unknown> = { legacy_id: row.id, legacy_event_type: row.eventType };
  if (row.eventAction !== null && row.eventAction !== '') imported.legacy_event_action = row.eventAction;
  if (row.isLoggedIn !== null) imported.is_logged_in = row.isLoggedIn;
  if (row.buttonName) imported.button_name = row.buttonName;
  if (row.destination) imported.destination = row.destination;
  if (platform.original !== undefined) imported.legacy_platform = platform.original;

  let type: string;
  if (rule.type === LEGACY_TYPE) {
    type = legacyType(row.eventType, row.eventAction);
  } else if (rule.type === AUTH_ACTION_TYPE) {
    type = norm(row.eventAction) === '' ? legacyType(row.eventType, null) : `auth.${typeSegment(row.eventAction!)}`;
  } else if (rule.type === 'quiz.completed') {
    const quizId = idFrom(custom, CONTEST_ID_KEYS) ?? (row.classId || undefined);
    const score = scoreFrom(custom, warn);
    if (row.userId && quizId !== undefined && score !== undefined) {
      type = 'quiz.completed';
      input.quiz_id = quizId;
      input.score = score;
      if (typeof custom.passed === 'boolean') input.passed = custom.passed;
    } else {
      type = rule.otherwise!;
    }
  } else {
    type = rule.type;
  }
  if (type === 'lesson.progressed') {
    const progress = progressFrom(custom, warn);
    if (progress !== undefined) imported.progress_percent = progress;
  }
  input.type = type;
  input.properties = mergeProperties(custom, imported, warn);
  return { input, rule, warnings };
}

function mergeProperties(custom: Record<string, unknown>, imported: Record<string, unknown>, warn: (w: ImportWarning) => void): Record<string, unknown> {
  for (const key of Object.keys(imported)) {
    if (Object.hasOwn(custom, key) && JSON.stringify(custom[key]) !== JSON.stringify(imported[key])) {
      warn({ code: 'property_key_dropped', message: `customData.${key} dropped: the import writes properties.${key} from the row itself` });
    }
  }
  const merged = { ...custom, ...imported };
  if (withinPropertyLimits(merged)) return merged;
  warn({
    code: 'custom_data_dropped',
    message: 'customData left out: with it, properties would exceed 256 keys or 64 KiB (the limits of validate-event.ts)',
  });
  return { ...imported };
}
