import fs from 'node:fs';
import path from 'node:path';
import { EVENT_CATALOGUE } from '../../src/domain/event';
import { parseImportArgs, parseSince, ImportUsageError } from '../../src/import/import-args';
import { legacyEventId, uuidV5 } from '../../src/import/legacy-event-id';
import { batchToken } from '../../src/import/postgres-import';
import {
  ANY,
  AUTH_ACTION_TYPE,
  findRule,
  isoTimestamp,
  LEGACY_TYPE,
  legacyType,
  mapPlatform,
  mapPostgresRow,
  POSTGRES_EVENT_MAPPING,
  typeSegment,
} from '../../src/import/postgres-mapping';
import { redactUrl } from '../../src/import/postgres-reader';
import type { PostgresEventRow } from '../../src/import/postgres-row';
import { sanitiseCustomData, sanitiseKey, type ImportWarning } from '../../src/import/sanitise-properties';
import { validateEvent } from '../../src/ingest/validate-event';

const NOW = new Date('2026-03-01T12:00:00Z');

function aRow(overrides: Partial<PostgresEventRow> = {}): PostgresEventRow {
  return {
    id: 'cm4a1b2c3d0000abcdefghij',
    userId: 'cluser000000000000000001',
    sessionId: 'sess-1',
    eventType: 'we_page_load',
    eventAction: null,
    buttonName: null,
    page: '/dashboard',
    destination: null,
    courseId: null,
    classId: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    platform: 'web',
    isLoggedIn: true,
    customData: null,
    timestamp: '2025-06-01 10:00:00.123000',
    ...overrides,
  };
}

const LEARNING = { userId: 'u1', courseId: 'course-1', classId: 'class-1' };

function mapValid(row: PostgresEventRow) {
  const mapped = mapPostgresRow(row);
  const result = validateEvent(mapped.input, { now: NOW, strict: false });
  if (!result.ok) throw new Error(`${mapped.input.type}: ${JSON.stringify(result.errors)}`);
  return { ...mapped, event: result.event };
}

describe('the mapping table', () => {
  it('is the same in docs/postgres-import.md and in POSTGRES_EVENT_MAPPING', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/postgres-import.md'), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- mapping:start -->'), doc.indexOf('<!-- mapping:end -->'));
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/^`|`$/g, '')),
      );
    expect(rows.map(([eventType, eventAction, type, otherwise, note]) => ({ eventType, eventAction, type, otherwise, note }))).toEqual(
      POSTGRES_EVENT_MAPPING.map((r) => ({
        eventType: r.eventType,
        eventAction: r.eventAction,
        type: r.type,
        otherwise: 'otherwise' in r ? r.otherwise : '',
        note: r.note,
      })),
    );
  });

  it('uses catalogue types with their required fields, and dot.case custom types', () => {
    for (const rule of POSTGRES_EVENT_MAPPING) {
      for (const type of [rule.type, 'otherwise' in rule ? rule.otherwise : undefined]) {
        if (type === undefined || type === AUTH_ACTION_TYPE || type === LEGACY_TYPE) continue;
        const custom = ['auth.', 'contest.'].some((p) => type.startsWith(p));
        expect(custom || Object.hasOwn(EVENT_CATALOGUE, type)).toBe(true);
        expect(type).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
      }
    }
  });

  it.each([
    ['auth_event', 'login_success', 'user.logged_in'],
    ['auth_event', 'login_failed', 'auth.login_failed'],
    ['auth_event', 'otp_requested', 'auth.otp_requested'],
    ['auth_event', 'logout', 'auth.logout'],
    ['auth_event', 'otpEntered', 'auth.otp_entered'],
    ['auth_event', null, 'legacy.auth_event'],
    ['course_event', 'course_viewed', 'course.viewed'],
    ['course_event', 'module_started', 'module.started'],
    ['course_event', 'module_completed', 'module.completed'],
    ['class_event', 'class_started', 'lesson.started'],
    ['class_event', 'class_completed', 'lesson.completed'],
    ['video_event', 'video_progress', 'lesson.progressed'],
    ['contest_event', 'contest_started', 'contest.started'],
    ['contest_event', 'contest_completed', 'quiz.completed'],
    ['we_page_load', null, 'page.viewed'],
    ['we_page_load', 'route_change', 'page.viewed'],
    ['gtm_custom_click', null, 'ui.clicked'],
    ['error_event', 'api_error', 'error.occurred'],
    ['  Course_Event ', 'COURSE_VIEWED', 'course.viewed'],
    ['course_event', 'course_enrolled', 'legacy.course_event.course_enrolled'],
    ['video_event', 'video_paused', 'legacy.video_event.video_paused'],
    ['Newsletter-Signup', 'submitSuccess', 'legacy.newsletter_signup.submit_success'],
    ['heartbeat', null, 'legacy.heartbeat'],
    ['heartbeat', '', 'legacy.heartbeat'],
  ])('%s/%s -> %s, a valid event', (eventType, eventAction, type) => {
    const { event } = mapValid(aRow({ ...LEARNING, eventType, eventAction, customData: { moduleId: 'm-1', score: 80, progress: 50 }, page: '/x' }));
    expect(event.type).toBe(type);
  });

  it('finds the exact pair before the eventType catch-all and the fallback', () => {
    expect(findRule('auth_event', 'login_success').type).toBe('user.logged_in');
    expect(findRule('auth_event', 'whatever').type).toBe(AUTH_ACTION_TYPE);
    expect(findRule('something', 'login_success').type).toBe(LEGACY_TYPE);
    expect(findRule('we_page_load', null).eventAction).toBe(ANY);
  });
});

describe('type names from source names', () => {
  it.each([
    ['we_page_load', 'we_page_load'],
    ['Newsletter-Signup', 'newsletter_signup'],
    ['submitSuccess', 'submit_success'],
    ['video.progress', 'video_progress'],
    ['  --weird!!name--  ', 'weird_name'],
    ['3d_view', 'x3d_view'],
    ['', 'unknown'],
    ['!!!', 'unknown'],
    ['a'.repeat(60), 'a'.repeat(40)],
    ['ÄÖÜ click', 'click'],
  ])('%j -> %j', (name, segment) => {
    expect(typeSegment(name)).toBe(segment);
  });

  it('builds legacy types that are valid and at most 100 characters', () => {
    expect(legacyType('x'.repeat(200), 'y'.repeat(200))).toBe(`legacy.${'x'.repeat(40)}.${'y'.repeat(40)}`);
    expect(legacyType('heartbeat', '   ')).toBe('legacy.heartbeat');
  });
});

describe('fields', () => {
  it('maps every column of a full row', () => {
    const { event, warnings } = mapValid(
      aRow({
        id: 'cm4full0000000000000000',
        eventType: 'gtm_custom_click',
        eventAction: 'click',
        buttonName: 'Start course',
        destination: '/courses/c-1',
        page: '/landing',
        courseId: 'c-1',
        classId: 'cl-1',
        utmSource: 'google',
        utmMedium: 'cpc',
        utmCampaign: 'spring',
        utmTerm: 'sql course',
        utmContent: 'ad-2',
        customData: { variant: 'B' },
      }),
    );
    expect(warnings).toEqual([]);
    expect(event).toEqual({
      event_id: legacyEventId('cm4full0000000000000000'),
      type: 'ui.clicked',
      timestamp: '2025-06-01T10:00:00.123Z',
      source: 'web',
      user_id: 'cluser000000000000000001',
      anonymous_id: '',
      session_id: 'sess-1',
      company_id: '',
      course_id: 'c-1',
      module_id: '',
      lesson_id: 'cl-1',
      quiz_id: '',
      platform: 'web',
      country: '',
      page: '/landing',
      referrer: '',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
      utm_term: 'sql course',
      utm_content: 'ad-2',
      duration_seconds: 0,
      score: null,
      passed: null,
      amount: null,
      currency: '',
      properties: {
        variant: 'B',
        legacy_id: 'cm4full0000000000000000',
        legacy_event_type: 'gtm_custom_click',
        legacy_event_action: 'click',
        is_logged_in: true,
        button_name: 'Start course',
        destination: '/courses/c-1',
      },
    });
  });

  it('never carries userEmail, even when the row object has it', () => {
    const row = { ...aRow(), userEmail: 'learner@example.com' } as PostgresEventRow;
    expect(JSON.stringify(mapPostgresRow(row))).not.toContain('learner@example.com');
  });

  it('identifies an anonymous visitor by the session', () => {
    const { event } = mapValid(aRow({ userId: null, sessionId: 'sess-9', isLoggedIn: false }));
    expect([event.user_id, event.anonymous_id, event.session_id]).toEqual(['', 'sess-9', 'sess-9']);
    expect(event.properties.is_logged_in).toBe(false);
    const signedIn = mapValid(aRow({ userId: 'u1', sessionId: 'sess-9' })).event;
    expect([signedIn.user_id, signedIn.anonymous_id]).toEqual(['u1', '']);
  });

  it.each([
    ['web', 'web', undefined],
    ['WEB', 'web', undefined],
    ['ios', 'ios', undefined],
    ['mobile', '', 'mobile'],
    ['tablet', '', 'tablet'],
    [null, '', undefined],
    ['', '', undefined],
  ])('platform %j -> %j (legacy_platform %j)', (value, platform, original) => {
    expect(mapPlatform(value)).toEqual(original === undefined ? { platform } : { platform, original });
    const { event } = mapValid(aRow({ platform: value }));
    expect(event.platform).toBe(platform);
    expect(event.properties.legacy_platform).toBe(original);
  });

  it('turns PostgreSQL timestamp text into ISO UTC with milliseconds', () => {
    expect(isoTimestamp('2024-12-19 10:15:00.123456')).toBe('2024-12-19T10:15:00.123Z');
    expect(isoTimestamp('2024-12-19 10:15:00')).toBe('2024-12-19T10:15:00.000Z');
    expect(isoTimestamp('garbage')).toBe('garbage');
  });

  it('derives a stable RFC 9562 version 5 event id from the row id', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(legacyEventId('cm4a')).toBe(legacyEventId('cm4a'));
    expect(legacyEventId('cm4a')).not.toBe(legacyEventId('cm4b'));
    expect(legacyEventId('cm4a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes module_id from customData', () => {
    const { event } = mapValid(aRow({ ...LEARNING, eventType: 'course_event', eventAction: 'module_started', customData: { moduleId: 'mod-3' } }));
    expect([event.type, event.course_id, event.module_id]).toEqual(['module.started', 'course-1', 'mod-3']);
    const without = mapPostgresRow(aRow({ ...LEARNING, eventType: 'course_event', eventAction: 'module_completed' }));
    const result = validateEvent(without.input, { now: NOW, strict: false });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['module_id']);
  });
});

describe('contests', () => {
  const contest = (customData: unknown, overrides: Partial<PostgresEventRow> = {}) =>
    mapValid(aRow({ ...LEARNING, eventType: 'contest_event', eventAction: 'contest_completed', customData, ...overrides }));

  it('is a quiz.completed with a percentage score, contestId or classId as the quiz', () => {
    const { event } = contest({ score: 80, passed: true, contestId: 'contest-7' });
    expect([event.type, event.quiz_id, event.score, event.passed, event.lesson_id]).toEqual(['quiz.completed', 'contest-7', 80, true, 'class-1']);
    expect(contest({ score: '64.5' }).event).toMatchObject({ type: 'quiz.completed', quiz_id: 'class-1', score: 64.5, passed: null });
  });

  it('converts score / maxScore to a percentage', () => {
    expect(contest({ score: 7, maxScore: 9 }).event.score).toBe(77.78);
    expect(contest({ score: 350, totalScore: 500 }).event.score).toBe(70);
  });

  it('is a contest.completed without a score, a user or a contest', () => {
    expect(contest({ rank: 3 }).event.type).toBe('contest.completed');
    expect(contest({ score: 80 }, { userId: null }).event.type).toBe('contest.completed');
    expect(contest({ score: 80 }, { classId: null }).event.type).toBe('contest.completed');
    const unusable = contest({ score: 350 });
    expect(unusable.event.type).toBe('contest.completed');
    expect(unusable.event.score).toBeNull();
    expect(unusable.event.properties.score).toBe(350);
    expect(unusable.warnings.map((w) => w.code)).toEqual(['score_unreadable']);
  });

  it('keeps contest_started a custom event', () => {
    expect(mapValid(aRow({ eventType: 'contest_event', eventAction: 'contest_started', customData: { score: 0 } })).event.type).toBe('contest.started');
  });
});

describe('video progress', () => {
  const progress = (customData: unknown) => mapValid(aRow({ ...LEARNING, eventType: 'video_event', eventAction: 'video_progress', customData }));

  it.each([
    [{ progress: 25 }, 25],
    [{ percentage: '75%' }, 75],
    [{ milestone: '50' }, 50],
    [{ progressPercent: 33.333 }, 33.33],
  ])('%j -> progress_percent %j', (customData, percent) => {
    const { event, warnings } = progress(customData);
    expect(event.properties.progress_percent).toBe(percent);
    expect(event.duration_seconds).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('warns about a progress that is not a percentage, and imports the event', () => {
    const { event, warnings } = progress({ progress: 'half' });
    expect(event.type).toBe('lesson.progressed');
    expect(event.properties.progress_percent).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['progress_unreadable']);
    expect(progress({ other: 1 }).warnings).toEqual([]);
  });
});

describe('customData -> properties', () => {
  const sanitise = (value: unknown) => {
    const warnings: ImportWarning[] = [];
    const properties = sanitiseCustomData(value, (w) => warnings.push(w));
    return { properties, codes: warnings.map((w) => w.code) };
  };

  it('renames keys our properties do not accept', () => {
    expect(sanitiseKey('error.message')).toBe('error_message');
    expect(sanitiseKey('1st')).toBe('_1st');
    expect(sanitiseKey('a b/c')).toBe('a_b_c');
    expect(sanitiseKey('')).toBe('_');
    expect(sanitiseKey('ok_key-2')).toBe('ok_key-2');
    expect(sanitiseKey('__proto__')).toBeNull();
    expect(sanitiseKey('k'.repeat(200))).toBe('k'.repeat(128));
  });

  it('sanitises nested keys, keeps originals over renamed ones, drops __proto__', () => {
    const { properties, codes } = sanitise(JSON.parse('{"a.b": 1, "a_b": 2, "nested": {"x.y": {"1z": true}}, "__proto__": {"polluted": 1}, "ok": null}'));
    expect(properties).toEqual({ a_b: 2, nested: { x_y: { _1z: true } }, ok: null });
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(codes.sort()).toEqual(['property_key_dropped', 'property_key_dropped', 'property_key_renamed', 'property_key_renamed']);
  });

  it('converts what ClickHouse cannot store', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10; i++) deep = { d: deep };
    const { properties, codes } = sanitise({ big: 2 ** 64, fine: 2 ** 53, text: 'a\ud800b', deep });
    expect(properties.big).toBe('18446744073709552000');
    expect(properties.fine).toBe(2 ** 53);
    expect(properties.text).toBe('a\uFFFDb');
    expect(codes).toEqual(['property_value_converted', 'property_value_converted', 'property_value_converted']);
    // Accepted by the validator (mapValid throws otherwise), the too-deep part kept as JSON text.
    let node: unknown = mapValid(aRow({ customData: { deep } })).event.properties.deep;
    let levels = 2;
    while (typeof node === 'object' && node !== null) {
      node = (node as { d: unknown }).d;
      levels += 1;
    }
    expect(levels).toBe(9);
    expect(JSON.parse(node as string)).toEqual({ d: { d: { d: 'leaf' } } });
  });

  it('decodes a JSON string and wraps what is not an object', () => {
    expect(sanitise('{"a": 1}')).toEqual({ properties: { a: 1 }, codes: [] });
    expect(sanitise([1, 2])).toEqual({ properties: { custom_data: [1, 2] }, codes: ['custom_data_wrapped'] });
    expect(sanitise('plain text')).toEqual({ properties: { custom_data: 'plain text' }, codes: ['custom_data_wrapped'] });
    expect(sanitise(42)).toEqual({ properties: { custom_data: 42 }, codes: ['custom_data_wrapped'] });
    expect(sanitise(null)).toEqual({ properties: {}, codes: [] });
  });

  it('lets the import keys win over customData keys of the same name', () => {
    const { event, warnings } = mapValid(
      aRow({ eventType: 'gtm_custom_click', buttonName: 'Buy', customData: { button_name: 'other', legacy_id: 'cm4a1b2c3d0000abcdefghij' } }),
    );
    expect(event.properties.button_name).toBe('Buy');
    expect(warnings.map((w) => w.code)).toEqual(['property_key_dropped']);
  });

  it('leaves out customData that would break the property limits, and imports the event', () => {
    const many = Object.fromEntries(Array.from({ length: 300 }, (_v, i) => [`k${i}`, i]));
    const { event, warnings } = mapValid(aRow({ customData: many }));
    expect(Object.keys(event.properties).sort()).toEqual(['is_logged_in', 'legacy_event_type', 'legacy_id']);
    expect(warnings.map((w) => w.code)).toEqual(['custom_data_dropped']);
    const huge = mapValid(aRow({ customData: { blob: 'x'.repeat(70_000) } }));
    expect(huge.event.properties.blob).toBeUndefined();
  });

  it('passes every junk shape through the validator', () => {
    const junk = JSON.parse('{"": 1, "-x": 2, "$weird": {"a.b.c": [{"d e": 1}]}, "ünïcode": "ok", "__proto__": 1}');
    const { event, warnings } = mapValid(aRow({ customData: junk }));
    expect(event.properties).toMatchObject({ _: 1, '_-x': 2, _weird: { a_b_c: [{ d_e: 1 }] }, _n_code: 'ok' });
    expect(warnings.length).toBeGreaterThan(0);
  });
});

describe('import arguments', () => {
  it('has defaults and reads the URL from the environment', () => {
    expect(parseImportArgs(['--url', 'postgres://h/db'], {})).toEqual({
      help: false,
      url: 'postgres://h/db',
      table: 'analytics_events',
      since: undefined,
      batchSize: 5000,
      resume: true,
      dryRun: false,
      maxBatches: undefined,
    });
    expect(parseImportArgs([], { IMPORT_POSTGRES_URL: 'postgres://e/db' }).url).toBe('postgres://e/db');
    expect(parseImportArgs(['--url', 'u', '--no-resume', '--batch', '100', '--max-batches', '2', '--dry-run', '--table', 'public.ev'], {})).toMatchObject({
      resume: false,
      batchSize: 100,
      maxBatches: 2,
      dryRun: true,
      table: 'public.ev',
    });
  });

  it('parses --since as UTC dates or zoned date-times', () => {
    expect(parseSince('2024-06-01').toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(parseSince('2024-06-01T10:00:00+02:00').toISOString()).toBe('2024-06-01T08:00:00.000Z');
    for (const bad of ['2024-06-01T10:00:00', 'yesterday', '2024-13-01', '1800-01-01']) expect(() => parseSince(bad)).toThrow(ImportUsageError);
  });

  it('rejects bad command lines', () => {
    expect(() => parseImportArgs([], {})).toThrow(/--url/);
    expect(() => parseImportArgs(['--url', 'u', '--batch', '0'], {})).toThrow(/--batch/);
    expect(() => parseImportArgs(['--url', 'u', '--batch', '1e3'], {})).toThrow(/--batch/);
    expect(() => parseImportArgs(['--url', 'u', '--resume', '--no-resume'], {})).toThrow(/contradict/);
    expect(() => parseImportArgs(['--url', 'u', '--bogus'], {})).toThrow(ImportUsageError);
  });
});

describe('printed connection URLs', () => {
  it('hide the password', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/railway')).toBe('postgres://app:***@db.example:5432/railway');
    expect(redactUrl('postgres://app@db/railway')).toBe('postgres://app@db/railway');
    expect(redactUrl('not a url s3cret')).toBe('(unparseable URL)');
  });
});

describe('batch deduplication token', () => {
  it('depends on the source, the first and last ids and the count', () => {
    const t = batchToken('h:5432/db/analytics_events', [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(t).toBe(batchToken('h:5432/db/analytics_events', [{ id: 'a' }, { id: 'x' }, { id: 'c' }]));
    expect(t).not.toBe(batchToken('h:5432/db/analytics_events', [{ id: 'a' }, { id: 'c' }]));
    expect(t).not.toBe(batchToken('h:5432/db/other', [{ id: 'a' }, { id: 'b' }, { id: 'c' }]));
    expect(t).toMatch(/^pg-import:[0-9a-f]{32}$/);
  });
});
