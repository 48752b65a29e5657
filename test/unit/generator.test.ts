import type { LearningEvent } from '../../src/domain/event';
import { CATALOGUE_TYPES, emptyEvent, EVENT_CATALOGUE } from '../../src/domain/event';
import { isoTimestamp } from '../../src/generator/calendar';
import { generateEvents } from '../../src/generator/generate';
import type { GeneratorOptions } from '../../src/generator/generate';
import { uuid } from '../../src/generator/ids';
import { NdjsonEncoder } from '../../src/generator/ndjson-encoder';
import { Random } from '../../src/generator/random';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = 86_400_000;

// 2026-03-02 is a Monday, so the 28 days before it are four whole weeks.
const BASE: GeneratorOptions = {
  events: 20_000,
  companies: 3,
  learners: 250,
  courses: 6,
  days: 28,
  seed: 7,
  end: new Date('2026-03-02T00:00:00.000Z'),
};

const events: LearningEvent[] = [...generateEvents(BASE)];

function ndjson(options: GeneratorOptions): string {
  let out = '';
  for (const event of generateEvents(options)) out += JSON.stringify(event) + '\n';
  return out;
}

function present(event: LearningEvent, field: keyof LearningEvent): boolean {
  const value = event[field];
  return value !== '' && value !== null && value !== undefined;
}

describe('generateEvents: determinism and size', () => {
  it('gives byte-identical output for the same options', () => {
    const options = { ...BASE, events: 3_000 };
    expect(ndjson(options)).toBe(ndjson(options));
  });

  it('gives different output for a different seed', () => {
    const a = ndjson({ ...BASE, events: 3_000 });
    const b = ndjson({ ...BASE, events: 3_000, seed: 8 });
    expect(a).not.toBe(b);
    expect(a.slice(0, 200)).not.toBe(b.slice(0, 200));
  });

  it.each([
    { events: 1, learners: 2_000 },
    { events: 7, learners: 2_000 },
    { events: 999, learners: 2_000 },
    { events: 5_000, learners: 3 },
    { events: 12_345, learners: 250 },
  ])('generates exactly $events events for $learners learners', ({ events: count, learners }) => {
    let n = 0;
    for (const _ of generateEvents({ ...BASE, events: count, learners })) n++;
    expect(n).toBe(count);
  });

  it('generates nothing for events: 0', () => {
    expect([...generateEvents({ ...BASE, events: 0 })]).toHaveLength(0);
  });

  it('streams: the first events of a 10,000,000-event run come at once', () => {
    const started = Date.now();
    const iterator = generateEvents({ ...BASE, events: 10_000_000, learners: 2_000 });
    for (let i = 0; i < 1_000; i++) expect(iterator.next().done).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects options that make no sense', () => {
    expect(() => generateEvents({ ...BASE, learners: 0 })).toThrow(RangeError);
    expect(() => generateEvents({ ...BASE, days: 0 })).toThrow(/days/);
    expect(() => generateEvents({ ...BASE, events: 1.5 })).toThrow(/events/);
    expect(() => generateEvents({ ...BASE, end: new Date('nope') })).toThrow(/end/);
  });
});

/** The events that break a rule, so a failure shows the offenders (one expect per test keeps the suite fast). */
function violations(all: Iterable<LearningEvent>, rule: (event: LearningEvent) => boolean): LearningEvent[] {
  const bad: LearningEvent[] = [];
  for (const event of all) if (!rule(event) && bad.length < 5) bad.push(event);
  return bad;
}

const SOURCES = new Set(['iam', 'course-catalog', 'learner-progress', 'billing', 'booking', 'feedback', 'web', 'mobile']);
const PLATFORMS = new Set(['web', 'ios', 'android']);
const CURRENCIES = new Set(['USD', 'EUR', 'GBP']);

describe('generateEvents: envelope', () => {
  it('puts every timestamp inside [end - days, end) as ISO-8601 UTC with milliseconds', () => {
    const start = BASE.end.getTime() - BASE.days * DAY;
    const end = BASE.end.getTime();
    const bad = violations(events, (e) => {
      const t = Date.parse(e.timestamp);
      return ISO_MS.test(e.timestamp) && new Date(t).toISOString() === e.timestamp && t >= start && t < end;
    });
    expect(bad).toEqual([]);
  });

  it('keeps timestamps inside the period when learners are very busy', () => {
    const options = { ...BASE, events: 20_000, learners: 2, days: 2 };
    const start = options.end.getTime() - options.days * DAY;
    const end = options.end.getTime();
    const bad = violations(generateEvents(options), (e) => Date.parse(e.timestamp) >= start && Date.parse(e.timestamp) < end);
    expect(bad).toEqual([]);
  });

  it('gives every event a unique UUID v4 event_id and UUID user/session ids', () => {
    const bad = violations(
      events,
      (e) =>
        UUID_V4.test(e.event_id) &&
        (e.user_id === '' || UUID_V4.test(e.user_id)) &&
        (e.anonymous_id === '' || UUID_V4.test(e.anonymous_id)) &&
        (e.session_id === '' || UUID_V4.test(e.session_id)),
    );
    expect(bad).toEqual([]);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it("gives every event its catalogue type's required fields", () => {
    const bad = violations(events, (e) => {
      const required = EVENT_CATALOGUE[e.type];
      if (!required || !required.every((field) => present(e, field))) return false;
      if (e.type === 'page.viewed' && e.user_id === '' && e.anonymous_id === '') return false;
      if (e.type === 'review.submitted') {
        const rating = e.properties.rating;
        return typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5;
      }
      return true;
    });
    expect(bad).toEqual([]);
  });

  it('fills source, platform and country with known values, and numbers in range', () => {
    const timed = new Set(['lesson.progressed', 'lesson.completed', 'practice_session.completed']);
    const bad = violations(
      events,
      (e) =>
        SOURCES.has(e.source) &&
        PLATFORMS.has(e.platform) &&
        /^[A-Z]{2}$/.test(e.country) &&
        Number.isInteger(e.duration_seconds) &&
        e.duration_seconds >= 0 &&
        (!timed.has(e.type) || e.duration_seconds > 0) &&
        (e.score === null || (Number.isInteger(e.score) && e.score >= 0 && e.score <= 100)) &&
        (e.amount === null || (/^\d+\.\d{1,2}$/.test(e.amount) && CURRENCIES.has(e.currency))),
    );
    expect(bad).toEqual([]);
  });

  it('uses the curriculum id scheme', () => {
    const bad = violations(
      events,
      (e) =>
        (e.course_id === '' || /^course-\d{3}$/.test(e.course_id)) &&
        (e.module_id === '' || (e.module_id.startsWith(e.course_id + '-m') && /-m\d+$/.test(e.module_id))) &&
        (e.lesson_id === '' || (e.lesson_id.startsWith(e.module_id + '-l') && /-m\d+-l\d+$/.test(e.lesson_id))) &&
        (e.quiz_id === '' || e.quiz_id === `${e.course_id}-exam`) &&
        (e.company_id === '' || /^company-\d{2}$/.test(e.company_id)),
    );
    expect(bad).toEqual([]);
  });

  it('covers every catalogue type in a larger run', () => {
    const seen = new Set<string>();
    for (const event of generateEvents({ ...BASE, events: 100_000, learners: 600 })) seen.add(event.type);
    expect([...seen].sort()).toEqual([...CATALOGUE_TYPES].sort());
  });
});

describe('generateEvents: journeys', () => {
  it('keeps journeys coherent in stream order', () => {
    const enrolled = new Set<string>();
    const completed = new Set<string>();
    const startedModules = new Set<string>();
    const lastLesson = new Map<string, [number, number]>();
    const lastTime = new Map<string, string>();
    const registered = new Set<string>();

    for (const event of events) {
      const key = `${event.user_id}|${event.course_id}`;
      const problem = (what: string) => new Error(`${what}: ${JSON.stringify(event)}`);

      if (event.type === 'user.registered') {
        if (registered.has(event.user_id)) throw problem('registered twice');
        if (lastTime.has(event.user_id)) throw problem('events before registration');
        registered.add(event.user_id);
      }
      if (event.user_id) {
        const previous = lastTime.get(event.user_id);
        if (previous !== undefined && previous > event.timestamp) throw problem('time went backwards for this user');
        lastTime.set(event.user_id, event.timestamp);
      }

      switch (event.type) {
        case 'course.enrolled':
          if (enrolled.has(key)) throw problem('enrolled twice');
          enrolled.add(key);
          break;
        case 'module.started':
          if (!enrolled.has(key)) throw problem('module without enrolment');
          startedModules.add(`${event.user_id}|${event.module_id}`);
          break;
        case 'lesson.started':
        case 'lesson.progressed':
        case 'lesson.completed':
        case 'module.completed':
        case 'quiz.completed':
          if (!enrolled.has(key)) throw problem(`${event.type} without enrolment`);
          if (event.module_id && !startedModules.has(`${event.user_id}|${event.module_id}`)) throw problem('module not started');
          break;
        case 'course.completed':
          if (!enrolled.has(key)) throw problem('completed without enrolment');
          if (completed.has(key)) throw problem('completed twice');
          completed.add(key);
          break;
        case 'certificate.issued':
          if (!completed.has(key)) throw problem('certificate without completion');
          break;
      }

      if (event.type === 'quiz.completed') expect(event.passed).toBe((event.score as number) >= 70);

      if (event.type === 'lesson.completed') {
        // Curriculum order: (module, lesson) numbers only ever go up within a course.
        const [, m, l] = /-m(\d+)-l(\d+)$/.exec(event.lesson_id) ?? [];
        const position: [number, number] = [Number(m), Number(l)];
        const before = lastLesson.get(key);
        if (before && (position[0] < before[0] || (position[0] === before[0] && position[1] <= before[1]))) {
          throw problem('lesson completed out of curriculum order');
        }
        lastLesson.set(key, position);
      }
    }
    expect(enrolled.size).toBeGreaterThan(50);
    expect(completed.size).toBeGreaterThan(5);
  });

  it('has drop-off: fewer completions than enrolments, and failed exams that are retried', () => {
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('course.completed')).toBeLessThan(count('course.enrolled'));
    expect(count('course.completed')).toBeGreaterThan(0);
    const quizzes = events.filter((e) => e.type === 'quiz.completed');
    expect(quizzes.some((e) => e.passed === false)).toBe(true);
    expect(quizzes.some((e) => (e.properties.attempt as number) > 1)).toBe(true);
  });

  it('has both solo and company learners, each with one company_id on all their events', () => {
    const companyOf = new Map<string, string>();
    for (const event of events) {
      if (!event.user_id) continue;
      const known = companyOf.get(event.user_id);
      if (known !== undefined && known !== event.company_id) throw new Error(`user ${event.user_id} changed company`);
      companyOf.set(event.user_id, event.company_id);
    }
    const values = [...companyOf.values()];
    expect(values.filter((c) => c === '').length).toBeGreaterThan(20);
    expect(new Set(values.filter((c) => c !== '')).size).toBe(BASE.companies);
  });

  it('bills solo learners, not company learners', () => {
    const payments = events.filter((e) => e.type.startsWith('payment.'));
    expect(payments.length).toBeGreaterThan(0);
    expect(payments.every((e) => e.company_id === '' && e.source === 'billing')).toBe(true);
  });

  it('has anonymous visitors with utm attribution', () => {
    const anonymous = events.filter((e) => e.type === 'page.viewed' && e.user_id === '' && e.anonymous_id !== '');
    expect(anonymous.length).toBeGreaterThan(100);
    expect(anonymous.some((e) => e.utm_source !== '' && e.utm_campaign !== '')).toBe(true);
    const registrations = events.filter((e) => e.type === 'user.registered');
    expect(registrations.some((e) => e.utm_source !== '')).toBe(true);
    expect(registrations.some((e) => e.utm_source === '')).toBe(true);
  });

  it('is busier on weekdays than at weekends (UTC days)', () => {
    const perDay = new Map<number, number>();
    for (const event of events) {
      const day = Math.floor(Date.parse(event.timestamp) / DAY);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const start = Math.floor((BASE.end.getTime() - BASE.days * DAY) / DAY);
    let weekday = 0;
    let weekend = 0;
    for (let day = start; day < start + BASE.days; day++) {
      const dow = new Date(day * DAY).getUTCDay();
      if (dow === 0 || dow === 6) weekend += perDay.get(day) ?? 0;
      else weekday += perDay.get(day) ?? 0;
    }
    expect(weekday / 20).toBeGreaterThan((weekend / 8) * 1.2);
  });
});

describe('building blocks', () => {
  it('uuid() is a v4-formatted, reproducible string', () => {
    const a = new Random(1);
    const b = new Random(1);
    for (let i = 0; i < 1_000; i++) {
      const id = uuid(a);
      expect(id).toMatch(UUID_V4);
      expect(uuid(b)).toBe(id);
    }
  });

  it('isoTimestamp matches Date#toISOString', () => {
    const rng = new Random(3);
    for (let i = 0; i < 5_000; i++) {
      const t = Math.floor(rng.next() * 4e12);
      expect(isoTimestamp(t)).toBe(new Date(t).toISOString());
    }
  });

  it('NdjsonEncoder writes exactly JSON.stringify(event) + newline', () => {
    const tricky = emptyEvent('e1', 'custom.thing', '2026-03-01T10:00:00.000Z');
    tricky.page = '/search?q="quotes"\\back\nslash\u0001';
    tricky.referrer = 'https://例え.jp/ünïcödé \ud83d\ude00 lone \ud800';
    tricky.utm_term = '\u007f del';
    tricky.duration_seconds = 123_456_789;
    tricky.score = 99.5;
    tricky.passed = false;
    tricky.amount = '12.30';
    tricky.properties = { nested: { list: [1, 'two', null] }, text: 'çà "x"' };
    const sample = [...events.slice(0, 2_000), tricky];

    const encoder = new NdjsonEncoder(64); // tiny, so growing is exercised too
    for (const event of sample) encoder.encode(event);
    const expected = sample.map((e) => JSON.stringify(e) + '\n').join('');
    expect(encoder.take().toString('utf8')).toBe(expected);
  });
});
