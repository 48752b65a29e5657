import { CATALOGUE_TYPES, EVENT_CATALOGUE, emptyEvent, type LearningEvent } from '../../src/domain/event';
import { validateEvent, type ValidateEventOptions, type ValidateEventResult } from '../../src/ingest/validate-event';
import type { FieldError } from '../../src/ingest/ingest-errors';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const OPTS: ValidateEventOptions = { now: NOW, strict: false };
const STRICT: ValidateEventOptions = { now: NOW, strict: true };
const EVENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const USER = 'ckv9x2f0a0000qz8b1c2d3e4f'; // a CUID
const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Minimal valid value for each field a catalogue type can require. */
const REQUIRED_VALUES: Record<string, unknown> = {
  user_id: USER,
  course_id: 'course-007',
  module_id: 'module-1',
  lesson_id: 'lesson-1',
  quiz_id: 'quiz-1',
  page: '/courses/course-007',
  score: 80,
  duration_seconds: 600,
  amount: '49.90',
  currency: 'EUR',
};

function validFor(type: string): Record<string, unknown> {
  const input: Record<string, unknown> = { event_id: EVENT_ID, type, timestamp: '2026-03-01T10:00:00Z' };
  for (const field of EVENT_CATALOGUE[type]!) input[field] = REQUIRED_VALUES[field];
  if (type === 'page.viewed') input.anonymous_id = 'anon-1';
  if (type === 'review.submitted') input.properties = { rating: 5 };
  if (type === 'video.progressed') input.properties = { percent: 50 };
  return input;
}

function expectOk(result: ValidateEventResult): LearningEvent {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.event;
}

function expectErrors(result: ValidateEventResult): FieldError[] {
  if (result.ok) throw new Error(`expected errors, got ok: ${JSON.stringify(result.event)}`);
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(typeof e.field).toBe('string');
    expect(e.message.length).toBeGreaterThan(10);
  }
  return result.errors;
}

function errorFor(result: ValidateEventResult, field: string): FieldError {
  const errors = expectErrors(result);
  const found = errors.find((e) => e.field === field);
  if (found === undefined) throw new Error(`no error for ${field}: ${JSON.stringify(errors)}`);
  return found;
}

function withField(field: string, value: unknown, type = 'ui.clicked'): ValidateEventResult {
  return validateEvent({ ...validFor(type), [field]: value }, OPTS);
}

describe('validateEvent: catalogue', () => {
  it.each(CATALOGUE_TYPES)('accepts a valid %s event (also in strict mode)', (type) => {
    const event = expectOk(validateEvent(validFor(type), STRICT));
    expect(event.type).toBe(type);
    expect(event.event_id).toBe(EVENT_ID);
    expect(event.timestamp).toBe('2026-03-01T10:00:00.000Z');
  });

  const cases = CATALOGUE_TYPES.flatMap((type) => EVENT_CATALOGUE[type]!.map((field) => [type, field] as const));
  it.each(cases)('%s without %s is rejected naming the field', (type, field) => {
    const input = validFor(type);
    delete input[field];
    const error = errorFor(validateEvent(input, OPTS), field);
    expect(error.message).toContain(field);
    expect(error.message).toContain(type);
  });

  const stringCases = cases.filter(([, field]) => !['score', 'duration_seconds'].includes(field));
  it.each(stringCases)('%s with an empty %s counts as missing', (type, field) => {
    const input = validFor(type);
    input[field] = '';
    errorFor(validateEvent(input, OPTS), field);
  });

  it.each(cases)('%s with null %s counts as missing', (type, field) => {
    const input = validFor(type);
    input[field] = null;
    errorFor(validateEvent(input, OPTS), field);
  });

  it('page.viewed needs user_id or anonymous_id', () => {
    const input = validFor('page.viewed');
    delete input.anonymous_id;
    expect(errorFor(validateEvent(input, OPTS), 'user_id').message).toMatch(/user_id or anonymous_id/);
    expectOk(validateEvent({ ...input, user_id: USER }, OPTS));
  });

  it('review.submitted needs properties.rating, an integer 1..5', () => {
    const base = validFor('review.submitted');
    for (const properties of [undefined, {}, { rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: '5' }]) {
      const error = errorFor(validateEvent({ ...base, properties }, OPTS), 'properties.rating');
      expect(error.message).toMatch(/integer from 1 to 5/);
    }
    expect(expectOk(validateEvent({ ...base, properties: { rating: 1, text: 'ok' } }, OPTS)).properties).toEqual({ rating: 1, text: 'ok' });
  });

  it('video.progressed needs percent 0..100, or position_seconds with length_seconds > 0', () => {
    const base = validFor('video.progressed');
    for (const properties of [{ position_seconds: 10, length_seconds: 120 }, { percent: 25 }, { percent: 100, position_seconds: 0, length_seconds: 1 }]) {
      expect(expectOk(validateEvent({ ...base, properties }, OPTS)).properties).toEqual(properties);
    }
    const fieldsOf = (properties: unknown) => expectErrors(validateEvent({ ...base, properties }, OPTS)).map((e) => e.field);
    expect(fieldsOf(undefined)).toEqual(['properties']);
    expect(fieldsOf({ position_seconds: 10 })).toEqual(['properties']);
    expect(fieldsOf({ percent: 120 })).toEqual(['properties.percent']);
    expect(fieldsOf({ percent: '50' })).toEqual(['properties.percent']);
    expect(fieldsOf({ position_seconds: -1, length_seconds: 0 })).toEqual(['properties.position_seconds', 'properties.length_seconds']);
  });

  it('custom payment.* types require amount', () => {
    errorFor(validateEvent({ type: 'payment.refunded' }, OPTS), 'amount');
    expect(expectOk(validateEvent({ type: 'payment.refunded', amount: 10 }, OPTS)).amount).toBe('10');
  });

  it('reports every missing field of an event at once', () => {
    const errors = expectErrors(validateEvent({ type: 'lesson.completed' }, OPTS));
    expect(errors.map((e) => e.field).sort()).toEqual(['course_id', 'lesson_id', 'user_id']);
  });

  it('practice_session.completed accepts an explicit duration of 0', () => {
    const event = expectOk(validateEvent({ ...validFor('practice_session.completed'), duration_seconds: 0 }, OPTS));
    expect(event.duration_seconds).toBe(0);
  });
});

describe('validateEvent: envelope and defaults', () => {
  it('rejects anything but a plain object with field ""', () => {
    for (const input of [null, undefined, 42, 'x', true, [], [{ type: 'ui.clicked' }], new Date(), new Map()]) {
      const errors = expectErrors(validateEvent(input, OPTS));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.field).toBe('');
      expect(errors[0]!.message).toMatch(/JSON object/);
    }
  });

  it('fills defaults: assigned id, now, empty strings, null numbers', () => {
    const result = validateEvent({ type: 'ui.clicked' }, OPTS);
    expect(result.ok && result.assignedId).toBe(true);
    const event = expectOk(result);
    expect(event.event_id).toMatch(UUID_V4_RE);
    expect(event).toEqual({ ...emptyEvent(event.event_id, 'ui.clicked', NOW.toISOString()) });
  });

  it('keeps and lowercases a given event_id (any UUID version)', () => {
    const result = validateEvent({ type: 'ui.clicked', event_id: '0F8FAD5B-D9CB-169F-A165-70867728950E' }, OPTS);
    expect(result.ok && result.assignedId).toBe(false);
    expect(expectOk(result).event_id).toBe('0f8fad5b-d9cb-169f-a165-70867728950e');
    expectOk(validateEvent({ type: 'ui.clicked', event_id: '01890a5d-ac96-774b-bcce-b302099a8057' }, OPTS)); // v7
  });

  it.each([
    ['not-a-uuid'],
    [''],
    [42],
    ['0f8fad5bd9cb469fa16570867728950e'],
    ['{0f8fad5b-d9cb-469f-a165-70867728950e}'],
    ['00000000-0000-0000-0000-000000000000'],
    ['ffffffff-ffff-ffff-ffff-ffffffffffff'],
  ])('rejects event_id %p', (value) => {
    expect(errorFor(withField('event_id', value), 'event_id').message).toMatch(/UUID/);
  });

  it.each([
    [undefined, /required/],
    ['', /required/],
    [42, /dot\.case string/],
    ['lessoncompleted', /dot\.case/],
    ['Lesson.Completed', /dot\.case/],
    ['lesson.', /dot\.case/],
    ['.lesson', /dot\.case/],
    ['lesson..completed', /dot\.case/],
    ['lesson-x.completed', /dot\.case/],
    ['1lesson.completed', /dot\.case/],
    [`a.${'b'.repeat(99)}`, /at most 100 characters/],
  ])('rejects type %p', (type, message) => {
    expect(errorFor(validateEvent({ type }, OPTS), 'type').message).toMatch(message);
  });

  it('accepts custom types unless strict', () => {
    expect(expectOk(validateEvent({ type: 'live_class.joined', user_id: USER }, OPTS)).type).toBe('live_class.joined');
    const error = errorFor(validateEvent({ type: 'live_class.joined' }, STRICT), 'type');
    expect(error.message).toMatch(/unknown event type "live_class\.joined" \(strict mode\)/);
    expect(error.message).toContain('lesson.completed');
    // Prototype names are not catalogue types.
    errorFor(validateEvent({ type: 'constructor.x' }, STRICT), 'type');
  });
});

describe('validateEvent: timestamp', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00.5Z', '2026-03-01T10:00:00.500Z'],
    ['2026-03-01T10:00:00.123456789Z', '2026-03-01T10:00:00.123Z'],
    ['2026-03-01T10:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T12:30:00+02:30', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T05:00:00-05:00', '2026-03-01T10:00:00.000Z'],
    ['2026-02-28T23:00:00-13:00', '2026-03-01T12:00:00.000Z'],
    ['2024-02-29T00:00:00z', '2024-02-29T00:00:00.000Z'],
    ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'],
  ])('normalises %s to %s', (input, expected) => {
    expect(expectOk(withField('timestamp', input)).timestamp).toBe(expected);
  });

  it.each([
    ['2026-03-01T10:00:00', /no timezone designator/],
    ['2026-03-01 10:00:00', /no timezone designator/],
    ['2026-03-01', /timezone designator/],
    ['01/03/2026 10:00', /ISO-8601/],
    ['2026-03-01T10:00:00+0200', /ISO-8601/],
    ['yesterday', /ISO-8601/],
    [1772359200000, /epoch numbers are not accepted/],
    [true, /ISO-8601 string/],
    ['2026-02-30T10:00:00Z', /not a real date.*2026-02 has 28 days/],
    ['2025-02-29T10:00:00Z', /not a real date/],
    ['2026-04-31T10:00:00Z', /not a real date/],
    ['2026-13-01T10:00:00Z', /month 13 does not exist/],
    ['2026-00-10T10:00:00Z', /month 00 does not exist/],
    ['2026-03-01T24:00:00Z', /not a real date-time/],
    ['2026-03-01T10:60:00Z', /not a real date-time/],
    ['2026-03-01T10:00:60Z', /not a real date-time/],
    ['2026-03-01T10:00:00+24:00', /offset/],
    ['1999-12-31T23:59:59Z', /before 2000-01-01/],
    ['0001-01-01T00:00:00Z', /before 2000-01-01/],
  ])('rejects %p', (input, message) => {
    expect(errorFor(withField('timestamp', input), 'timestamp').message).toMatch(message);
  });

  it('rejects timestamps more than maxFutureMs ahead, naming the limit', () => {
    expectOk(withField('timestamp', '2026-03-02T12:00:00Z')); // exactly 24h ahead
    const error = errorFor(withField('timestamp', '2026-03-02T12:00:00.001Z'), 'timestamp');
    expect(error.message).toMatch(/in the future; at most 24h ahead/);
    const short = validateEvent({ type: 'ui.clicked', timestamp: '2026-03-01T12:10:00Z' }, { ...OPTS, maxFutureMs: 5 * 60_000 });
    expect(errorFor(short, 'timestamp').message).toMatch(/10min in the future; at most 5min/);
    expectOk(validateEvent({ type: 'ui.clicked', timestamp: '2026-03-01T12:04:00Z' }, { ...OPTS, maxFutureMs: 5 * 60_000 }));
  });
});

describe('validateEvent: string fields', () => {
  it('normalises platform, country and currency case', () => {
    const event = expectOk(validateEvent({ ...validFor('ui.clicked'), platform: 'iOS', country: 'de', currency: 'eur' }, OPTS));
    expect([event.platform, event.country, event.currency]).toEqual(['ios', 'DE', 'EUR']);
  });

  it('accepts UUID, CUID and slug ids and treats "" and null as absent', () => {
    const event = expectOk(
      validateEvent(
        { type: 'ui.clicked', user_id: EVENT_ID, session_id: USER, course_id: 'course-007', module_id: 'a.b:c_d', company_id: '', lesson_id: null },
        OPTS,
      ),
    );
    expect(event.user_id).toBe(EVENT_ID);
    expect(event.company_id).toBe('');
    expect(event.lesson_id).toBe('');
  });

  it.each([
    ['user_id', 42, /must be a string, got 42/],
    ['user_id', 'has space', /letters, digits/],
    ['user_id', 'x'.repeat(129), /at most 128 characters, got 129/],
    ['course_id', 'ü', /letters, digits/],
    ['source', 'Web', /lowercase letters/],
    ['source', 'web app', /lowercase letters/],
    ['source', '1web', /lowercase letters/],
    ['platform', 'windows', /one of web, ios, android, got "windows"/],
    ['country', 'DEU', /two letters/],
    ['country', 'D1', /two letters/],
    ['currency', 'EURO', /three letters/],
    ['currency', '€', /three letters/],
    ['utm_source', 'x'.repeat(2049), /at most 2048 characters/],
    ['utm_campaign', { a: 1 }, /must be a string, got an object/],
    ['page', 'x'.repeat(8193), /at most 8192 characters/],
    ['referrer', ['x'], /must be a string, got an array/],
    ['page', 'a\u0000b', /NUL/],
    ['utm_term', 'a\u0000', /NUL/],
  ])('%s = %p is rejected', (field, value, message) => {
    expect(errorFor(withField(field, value), field).message).toMatch(message);
  });

  it('accepts long page and referrer up to 8192 characters', () => {
    const url = `https://example.com/${'x'.repeat(8000)}`;
    const event = expectOk(validateEvent({ type: 'ui.clicked', page: url, referrer: url, utm_content: 'y'.repeat(2048) }, OPTS));
    expect(event.page).toBe(url);
  });

  it('accepts the design.md sources', () => {
    for (const source of ['iam', 'course-catalog', 'learner-progress', 'billing', 'booking', 'feedback', 'web', 'mobile']) {
      expect(expectOk(withField('source', source)).source).toBe(source);
    }
  });
});

describe('validateEvent: numbers, booleans, amount', () => {
  it.each([
    [0, 0],
    [604800, 604800],
    [5.0, 5],
  ])('duration_seconds %p is accepted', (value, expected) => {
    expect(expectOk(withField('duration_seconds', value)).duration_seconds).toBe(expected);
  });

  it.each([[-1], [1.5], [604801], ['60'], [true], [Number.NaN], [Infinity]])('duration_seconds %p is rejected', (value) => {
    expect(errorFor(withField('duration_seconds', value), 'duration_seconds').message).toMatch(/whole number of seconds from 0 to 604800/);
  });

  it.each([[0], [100], [55.5]])('score %p is accepted', (value) => {
    expect(expectOk(withField('score', value)).score).toBe(value);
  });

  it.each([[-0.1], [100.01], ['80'], [Number.NaN], [Infinity], [false]])('score %p is rejected', (value) => {
    expect(errorFor(withField('score', value), 'score').message).toMatch(/score must be a number from 0 to 100, got/);
  });

  it('says what it got', () => {
    expect(errorFor(withField('score', 'abc'), 'score').message).toBe('score must be a number from 0 to 100, got "abc"');
  });

  it('passed must be a boolean', () => {
    expect(expectOk(withField('passed', false)).passed).toBe(false);
    expect(expectOk(withField('passed', true)).passed).toBe(true);
    for (const value of ['true', 1, 0]) expect(errorFor(withField('passed', value), 'passed').message).toMatch(/true or false/);
  });

  it.each([
    [49.9, '49.9'],
    ['49.9', '49.9'],
    ['49.90', '49.9'],
    ['049.9000', '49.9'],
    [100, '100'],
    ['100.00', '100'],
    [0, '0'],
    ['0.0000', '0'],
    [-0, '0'],
    [0.0001, '0.0001'],
    ['0.12340000', '0.1234'],
  ])('amount %p is stored as %p', (value, expected) => {
    expect(expectOk(withField('amount', value)).amount).toBe(expected);
  });

  it('amount keeps large values exact (no exponent, no float rounding)', () => {
    expect(expectOk(withField('amount', '99999999999999.9999')).amount).toBe('99999999999999.9999');
    expect(expectOk(withField('amount', 12345678901234)).amount).toBe('12345678901234');
    expect(expectOk(withField('amount', 1e13)).amount).toBe('10000000000000');
  });

  it.each([
    [-1, /negative/],
    ['-1.5', /negative/],
    [1e14, /below 1e14/],
    ['100000000000000', /too large/],
    [0.1 + 0.2, /decimals; send the exact amount as a string/],
    ['1.23456', /5 decimals/],
    [1e-7, /more than 4 decimals/],
    ['1e3', /non-negative decimal/],
    ['.5', /non-negative decimal/],
    ['5.', /non-negative decimal/],
    [' 5', /non-negative decimal/],
    ['+5', /non-negative decimal/],
    ['abc', /non-negative decimal/],
    [Infinity, /non-negative decimal/],
    [true, /non-negative decimal/],
    [{}, /non-negative decimal/],
  ])('amount %p is rejected', (value, message) => {
    expect(errorFor(withField('amount', value), 'amount').message).toMatch(message);
  });

  it('amount "" counts as missing for payments', () => {
    expect(expectOk(withField('amount', '')).amount).toBeNull();
    errorFor(validateEvent({ ...validFor('payment.succeeded'), amount: '' }, OPTS), 'amount');
  });
});

describe('validateEvent: aliases and unknown fields', () => {
  it('accepts camelCase aliases', () => {
    const event = expectOk(
      validateEvent(
        {
          eventId: EVENT_ID,
          type: 'lesson.completed',
          userId: USER,
          anonymousId: 'anon',
          sessionId: 's1',
          companyId: 'c1',
          courseId: 'course-007',
          moduleId: 'm1',
          lessonId: 'l1',
          quizId: 'q1',
          durationSeconds: 30,
          utmSource: 'google',
          utmMedium: 'cpc',
          utmCampaign: 'spring',
          utmTerm: 'ts',
          utmContent: 'ad1',
        },
        STRICT,
      ),
    );
    expect(event).toMatchObject({
      event_id: EVENT_ID,
      user_id: USER,
      anonymous_id: 'anon',
      session_id: 's1',
      company_id: 'c1',
      course_id: 'course-007',
      module_id: 'm1',
      lesson_id: 'l1',
      quiz_id: 'q1',
      duration_seconds: 30,
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
      utm_term: 'ts',
      utm_content: 'ad1',
    });
  });

  it('accepts both forms with the same value, or one of them null', () => {
    expect(expectOk(validateEvent({ type: 'ui.clicked', user_id: 'u1', userId: 'u1' }, OPTS)).user_id).toBe('u1');
    expect(expectOk(validateEvent({ type: 'ui.clicked', user_id: null, userId: 'u1' }, OPTS)).user_id).toBe('u1');
    expect(expectOk(validateEvent({ type: 'ui.clicked', userId: 'u2', user_id: null }, OPTS)).user_id).toBe('u2');
  });

  it('rejects both forms with different values', () => {
    const error = errorFor(validateEvent({ type: 'lesson.completed', user_id: 'u1', userId: 'u2', course_id: 'c', lesson_id: 'l' }, OPTS), 'user_id');
    expect(error.message).toMatch(/"user_id" and "userId" name the same field.*"u1" and "u2"/);
    errorFor(validateEvent({ type: 'ui.clicked', durationSeconds: 5, duration_seconds: 6 }, OPTS), 'duration_seconds');
  });

  it('uses the alias as sent in messages', () => {
    expect(errorFor(validateEvent({ type: 'ui.clicked', durationSeconds: -1 }, OPTS), 'duration_seconds').message).toMatch(/^durationSeconds /);
  });

  it('rejects unknown fields, suggesting properties and close names', () => {
    const errors = expectErrors(validateEvent({ type: 'ui.clicked', usr_id: 'u1', UserID: 'u1', button: 'buy', __proto__x: 1 }, OPTS));
    expect(errors.map((e) => e.field).sort()).toEqual(['UserID', '__proto__x', 'button', 'usr_id']);
    const byField = new Map(errors.map((e) => [e.field, e.message]));
    expect(byField.get('usr_id')).toMatch(/unknown field "usr_id" \(did you mean "user_id"\?\).*properties/);
    expect(byField.get('UserID')).toMatch(/did you mean "user_id"/);
    expect(byField.get('button')).toMatch(/^unknown field "button": .*"properties"/);
    expect(byField.get('button')).not.toMatch(/did you mean/);
  });

  it('rejects an own __proto__ key (from JSON.parse) as unknown without touching prototypes', () => {
    const input = JSON.parse('{"type":"ui.clicked","__proto__":{"user_id":"evil"}}') as unknown;
    errorFor(validateEvent(input, OPTS), '__proto__');
  });

  it('rejects a camelCase alias of a field without underscore (no such alias)', () => {
    errorFor(validateEvent({ type: 'ui.clicked', Type: 'x.y' }, OPTS), 'Type');
  });
});

describe('validateEvent: properties', () => {
  function nested(levels: number): Record<string, unknown> {
    let value: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < levels; i++) value = { n: value };
    return value;
  }

  it('accepts JSON values and returns a deep copy', () => {
    const properties = { s: 'x', n: 1.5, b: true, z: null, a: [1, 'two', { three: 3 }, [4]], o: { p: { q: 'r' } }, 'with-dash': 1, _u: 2 };
    const event = expectOk(withField('properties', properties));
    expect(event.properties).toEqual(properties);
    expect(event.properties).not.toBe(properties);
    expect(event.properties.o).not.toBe(properties.o);
  });

  it.each([[[1, 2]], ['x'], [42], [new Date()]])('properties %p must be an object', (value) => {
    expect(errorFor(withField('properties', value), 'properties').message).toMatch(/must be a JSON object/);
  });

  it('null properties are absent', () => {
    expect(expectOk(withField('properties', null)).properties).toEqual({});
  });

  it('allows 8 levels of nesting, not 9 (objects and arrays)', () => {
    expectOk(withField('properties', nested(8)));
    expect(errorFor(withField('properties', nested(9)), 'properties.n.n.n.n.n.n.n.n').message).toMatch(/nested too deeply.*at most 8 levels/);
    let arrays: unknown = 1;
    for (let i = 0; i < 8; i++) arrays = [arrays];
    expect(errorFor(withField('properties', { a: arrays }), 'properties.a[0][0][0][0][0][0][0]').message).toMatch(/nested too deeply/);
  });

  it('survives a cyclic structure', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(errorFor(withField('properties', cyclic), 'properties.self.self.self.self.self.self.self.self').message).toMatch(/nested too deeply/);
  });

  it('allows 256 keys in total across levels, not 257', () => {
    const ok: Record<string, unknown> = { inner: {} };
    for (let i = 0; i < 254; i++) ok[`k${i}`] = i;
    (ok.inner as Record<string, unknown>).x = 1; // 255 top-level + 1 nested = 256
    expectOk(withField('properties', ok));
    (ok.inner as Record<string, unknown>).y = 2;
    expect(errorFor(withField('properties', ok), 'properties').message).toMatch(/more than 256 keys in total/);
  });

  it('limits the serialized size to 64 KiB', () => {
    expectOk(withField('properties', { big: 'x'.repeat(65_000) }));
    expect(errorFor(withField('properties', { big: 'x'.repeat(65_536) }), 'properties').message).toMatch(/bytes as JSON; at most 64 KiB/);
    // Bytes, not characters: 30,000 three-byte characters are 90,000 bytes.
    errorFor(withField('properties', { big: '€'.repeat(30_000) }), 'properties');
  });

  it.each([[''], ['a.b'], ['1abc'], ['with space'], ['ü'], ['$browser'], ['x'.repeat(129)]])('rejects the key %p', (key) => {
    const errors = expectErrors(withField('properties', { [key]: 1 }));
    expect(errors[0]!.field.startsWith('properties[')).toBe(true);
    expect(errors[0]!.message).toMatch(/property key .* is not accepted: keys must be 1-128 characters/);
  });

  it('accepts a 128-character key', () => {
    expectOk(withField('properties', { ['k'.repeat(128)]: 1 }));
  });

  it('rejects an own __proto__ key inside properties', () => {
    const input = JSON.parse('{"type":"ui.clicked","properties":{"ok":1,"__proto__":{"polluted":true}}}') as unknown;
    errorFor(validateEvent(input, OPTS), 'properties["__proto__"]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects nested junk with the path of each bad value', () => {
    const properties = {
      fn: () => 1,
      deep: { u: undefined, list: [1, Number.NaN, { inf: -Infinity, big: BigInt(1) }], date: new Date(0), sym: Symbol('s') },
      'bad key': { ok: 1 },
    };
    const fields = expectErrors(withField('properties', properties)).map((e) => e.field);
    expect(fields).toEqual([
      'properties.fn',
      'properties.deep.u',
      'properties.deep.list[1]',
      'properties.deep.list[2].inf',
      'properties.deep.list[2].big',
      'properties.deep.date',
      'properties.deep.sym',
      'properties["bad key"]',
    ]);
  });

  it('caps the number of listed property errors', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) properties[`k${i}`] = Number.NaN;
    const errors = expectErrors(withField('properties', properties));
    expect(errors).toHaveLength(11);
    expect(errors[10]!.message).toMatch(/40 more problems/);
  });
});

describe('validateEvent: collecting errors', () => {
  it('reports all problems of one event', () => {
    const errors = expectErrors(
      validateEvent({ event_id: 'x', type: 'quiz.completed', timestamp: 'now', user_id: 'a b', score: 101, passed: 'yes', country: 'Germany', extra: 1 }, OPTS),
    );
    expect(errors.map((e) => e.field).sort()).toEqual(['country', 'event_id', 'extra', 'passed', 'quiz_id', 'score', 'timestamp', 'user_id']);
  });

  it('does not report a required field twice when its value is invalid', () => {
    const errors = expectErrors(validateEvent({ ...validFor('quiz.completed'), score: 'high' }, OPTS));
    expect(errors.filter((e) => e.field === 'score')).toHaveLength(1);
  });
});
