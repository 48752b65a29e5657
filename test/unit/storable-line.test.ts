import { storableLine } from '../../src/ingest/event-rows';
import { parseBody } from '../../src/ingest/parse-body';
import { validateEvent } from '../../src/ingest/validate-event';
import { parsedValue } from '../helpers/events';

/** What storableLine decides for one NDJSON line: the line itself, or undefined (the row is written from the event). */
function decide(line: string): string | undefined {
  const parsed = parseBody(Buffer.from(line), 'application/x-ndjson');
  if ('fatal' in parsed) throw new Error(parsed.fatal.message);
  const record = parsed.records[0]!;
  const value = parsedValue(record);
  const result = validateEvent(value, { now: new Date('2026-03-03T00:00:00Z'), strict: false });
  if (!result.ok) throw new Error(`invalid: ${JSON.stringify(result.errors)}`);
  return storableLine(record.text, value, result.event);
}

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const base = `"event_id":"${ID}","type":"quiz.completed","timestamp":"2026-03-02T10:15:00.000Z","user_id":"u1","quiz_id":"q1","score":80,"passed":true`;

describe('storableLine: a line is stored as sent only when it is the stored row already', () => {
  it('keeps a canonical line, with default values and Nullable nulls written out', () => {
    for (const line of [
      `{${base}}`,
      `{${base},"course_id":"","duration_seconds":0,"amount":null}`,
      `{${base},"properties":{"a":[1,"two",{"b":false}],"f":0.5}}`,
      `{${base},"page":"/é?q=\\"1\\"","currency":"EUR","country":"DE","platform":"ios"}`,
    ]) {
      expect(decide(line)).toBe(line);
    }
  });

  it.each([
    ['whitespace', `{ ${base}}`],
    ['a duplicate key (JSON.parse keeps the last, ClickHouse refuses the row)', `{${base},"user_id":"u2"}`],
    ['an escape JSON.stringify does not write', `{${base},"page":"/\\u00e9"}`],
    ['a number not in its shortest form (80.0, 8e1)', `{${base.replace('"score":80', '"score":80.0')}}`],
    ['a property number not in its shortest form (ClickHouse types 1.0 as Float64, 1 as Int64)', `{${base},"properties":{"n":1.0}}`],
    ['an upper-case event_id', `{${base.replace(ID, ID.toUpperCase())}}`],
    ['a timestamp not in the stored form', `{${base.replace('10:15:00.000Z', '10:15:00Z')}}`],
    ['an alias', `{${base.replace('"user_id"', '"userId"')}}`],
    ['a string field given as null', `{${base},"course_id":null}`],
    ['properties given as null', `{${base},"properties":null}`],
    ['a platform normalised to lower case', `{${base},"platform":"IOS"}`],
    ['a country normalised to upper case', `{${base},"country":"de"}`],
    ['an amount sent as a number', `{${base},"amount":49.9,"currency":"EUR"}`],
    ['an amount normalised', `{${base},"amount":"049.90","currency":"EUR"}`],
    ['no event_id (the server assigns one)', `{${base.replace(`"event_id":"${ID}",`, '')}}`],
    ['no timestamp (the receive time is used)', `{${base.replace('"timestamp":"2026-03-02T10:15:00.000Z",', '')}}`],
  ])('writes the row again for %s', (_why, line) => {
    expect(decide(line)).toBeUndefined();
  });

  it('needs the line: JSON array bodies and the mutation have none', () => {
    const value = JSON.parse(`{${base}}`) as unknown;
    const result = validateEvent(value, { now: new Date('2026-03-03T00:00:00Z'), strict: false });
    if (!result.ok) throw new Error('invalid');
    expect(storableLine(undefined, value, result.event)).toBeUndefined();
  });
});
