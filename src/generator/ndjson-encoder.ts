import type { LearningEvent } from '../domain/event';

/**
 * Encodes LearningEvents as NDJSON lines straight into a Buffer.
 *
 * The output is byte-identical to `JSON.stringify(event) + '\n'` for events built from
 * emptyEvent (every field present, in declaration order, no extra keys); the generator's
 * unit tests check that. It exists for speed: JSON.stringify plus encoding each line into a
 * Buffer was two thirds of the generator's time, and every line was a 600-byte string of
 * garbage for the young-generation GC. Plain ASCII strings (nearly all of them: ids, dates,
 * paths) are copied byte by byte; anything that needs escaping or UTF-8 goes through
 * JSON.stringify and Buffer#write.
 */
export class NdjsonEncoder {
  private buffer: Buffer;
  private used = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  get byteLength(): number {
    return this.used;
  }

  /** The bytes encoded so far; the encoder starts a fresh buffer, so the result stays valid. */
  take(): Buffer {
    const out = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(this.buffer.length);
    this.used = 0;
    return out;
  }

  encode(e: LearningEvent): void {
    this.field(KEY_EVENT_ID, e.event_id);
    this.field(KEY_TYPE, e.type);
    this.field(KEY_TIMESTAMP, e.timestamp);
    this.field(KEY_SOURCE, e.source);
    this.field(KEY_USER_ID, e.user_id);
    this.field(KEY_ANONYMOUS_ID, e.anonymous_id);
    this.field(KEY_SESSION_ID, e.session_id);
    this.field(KEY_COMPANY_ID, e.company_id);
    this.field(KEY_COURSE_ID, e.course_id);
    this.field(KEY_MODULE_ID, e.module_id);
    this.field(KEY_LESSON_ID, e.lesson_id);
    this.field(KEY_QUIZ_ID, e.quiz_id);
    this.field(KEY_PLATFORM, e.platform);
    this.field(KEY_COUNTRY, e.country);
    this.field(KEY_PAGE, e.page);
    this.field(KEY_REFERRER, e.referrer);
    this.field(KEY_UTM_SOURCE, e.utm_source);
    this.field(KEY_UTM_MEDIUM, e.utm_medium);
    this.field(KEY_UTM_CAMPAIGN, e.utm_campaign);
    this.field(KEY_UTM_TERM, e.utm_term);
    this.field(KEY_UTM_CONTENT, e.utm_content);
    this.literal(KEY_DURATION_SECONDS, numberText(e.duration_seconds));
    this.literal(KEY_SCORE, e.score === null ? 'null' : numberText(e.score));
    this.literal(KEY_PASSED, e.passed === null ? 'null' : e.passed ? 'true' : 'false');
    if (e.amount === null) this.literal(KEY_AMOUNT, 'null');
    else this.field(KEY_AMOUNT, e.amount);
    this.field(KEY_CURRENCY, e.currency);
    this.ensure(KEY_PROPERTIES.length);
    this.used = putBytes(this.buffer, this.used, KEY_PROPERTIES);
    this.json(JSON.stringify(e.properties) + '}\n');
  }

  private ensure(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
  }

  /** A key and a value that is ASCII JSON already (numbers, literals). */
  private literal(key: Uint8Array, text: string): void {
    this.ensure(key.length + text.length);
    const buffer = this.buffer;
    let at = putBytes(buffer, this.used, key);
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.used = at;
  }

  /** A key and its string value. */
  private field(key: Uint8Array, value: string): void {
    this.ensure(key.length + value.length + 2);
    const at = putBytes(this.buffer, this.used, key);
    const end = putPlainString(this.buffer, at, value);
    if (end >= 0) {
      this.used = end;
    } else {
      this.used = at;
      this.json(JSON.stringify(value)); // escapes and UTF-8: the slow, exact way
    }
  }

  /** A piece of JSON text (already escaped), which may contain non-ASCII characters. */
  private json(text: string): void {
    this.ensure(text.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 code unit
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        this.used += buffer.write(text, this.used);
        return;
      }
      buffer[at++] = c;
    }
    this.used = at;
  }
}

function putBytes(buffer: Buffer, at: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) buffer[at++] = bytes[i];
  return at;
}

/**
 * Writes "value" when it is printable ASCII with nothing to escape and returns the offset
 * after it; returns -1 (leaving bytes past `at` to be overwritten) when it needs JSON.stringify.
 * The caller has ensured room for value.length + 2 bytes.
 */
function putPlainString(buffer: Buffer, at: number, value: string): number {
  buffer[at++] = 0x22;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return -1;
    buffer[at++] = c;
  }
  buffer[at++] = 0x22;
  return at;
}

/** Durations and scores are small integers: skip number-to-string conversion for them. */
const SMALL_INTEGERS = Array.from({ length: 4096 }, (_, i) => String(i));

function numberText(value: number): string {
  return Number.isInteger(value) && value >= 0 && value < SMALL_INTEGERS.length ? SMALL_INTEGERS[value] : JSON.stringify(value);
}

function keyBytes(name: keyof LearningEvent, first = false): Uint8Array {
  return new Uint8Array(Buffer.from(`${first ? '{' : ','}"${name}":`, 'latin1'));
}

const KEY_EVENT_ID = keyBytes('event_id', true);
const KEY_TYPE = keyBytes('type');
const KEY_TIMESTAMP = keyBytes('timestamp');
const KEY_SOURCE = keyBytes('source');
const KEY_USER_ID = keyBytes('user_id');
const KEY_ANONYMOUS_ID = keyBytes('anonymous_id');
const KEY_SESSION_ID = keyBytes('session_id');
const KEY_COMPANY_ID = keyBytes('company_id');
const KEY_COURSE_ID = keyBytes('course_id');
const KEY_MODULE_ID = keyBytes('module_id');
const KEY_LESSON_ID = keyBytes('lesson_id');
const KEY_QUIZ_ID = keyBytes('quiz_id');
const KEY_PLATFORM = keyBytes('platform');
const KEY_COUNTRY = keyBytes('country');
const KEY_PAGE = keyBytes('page');
const KEY_REFERRER = keyBytes('referrer');
const KEY_UTM_SOURCE = keyBytes('utm_source');
const KEY_UTM_MEDIUM = keyBytes('utm_medium');
const KEY_UTM_CAMPAIGN = keyBytes('utm_campaign');
const KEY_UTM_TERM = keyBytes('utm_term');
const KEY_UTM_CONTENT = keyBytes('utm_content');
const KEY_DURATION_SECONDS = keyBytes('duration_seconds');
const KEY_SCORE = keyBytes('score');
const KEY_PASSED = keyBytes('passed');
const KEY_AMOUNT = keyBytes('amount');
const KEY_CURRENCY = keyBytes('currency');
const KEY_PROPERTIES = keyBytes('properties');
