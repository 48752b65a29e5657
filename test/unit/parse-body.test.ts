import { parseBody, readRecord, type BodyRecord, type ParseBodyResult } from '../../src/ingest/parse-body';

const NDJSON = 'application/x-ndjson';
const JSON_TYPE = 'application/json';

/** The records as the ingest service reads them (readRecord parses each line), without the lines' text (asserted on its own below). */
function records(result: ParseBodyResult): BodyRecord[] {
  return withText(result).map((record) => ({ line: record.line, ...readRecord(record) }));
}

function withText(result: ParseBodyResult): BodyRecord[] {
  if ('fatal' in result) throw new Error(`expected records, got fatal ${JSON.stringify(result.fatal)}`);
  return result.records;
}

function fatal(result: ParseBodyResult): { status: number; message: string } {
  if (!('fatal' in result)) throw new Error(`expected fatal, got ${JSON.stringify(result.records).slice(0, 200)}`);
  return result.fatal;
}

const body = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('parseBody: content type', () => {
  it.each([
    ['application/x-ndjson'],
    ['application/ndjson'],
    ['application/jsonl'],
    ['application/json'],
    ['Application/X-NDJSON'],
    ['application/x-ndjson; charset=utf-8'],
    ['application/json;charset=UTF-8'],
    ['application/json; charset="utf-8"'],
    ['application/x-ndjson; charset=utf8'],
    ['application/x-ndjson; foo=bar'],
  ])('accepts %s', (contentType) => {
    expect(records(parseBody(body('{"type":"ui.clicked"}'), contentType))).toEqual([{ line: 1, value: { type: 'ui.clicked' } }]);
  });

  it.each([[undefined], [''], ['text/plain'], ['application/xml'], ['multipart/form-data; boundary=x'], ['application/jsonx']])(
    'rejects %p with 415 listing the accepted types',
    (contentType) => {
      const f = fatal(parseBody(body('{"type":"ui.clicked"}'), contentType));
      expect(f.status).toBe(415);
      expect(f.message).toContain('application/x-ndjson, application/ndjson, application/jsonl, application/json');
    },
  );

  it.each([['application/json; charset=iso-8859-1'], ['application/x-ndjson; charset=utf-16'], ['application/json; charset']])(
    'rejects a non-UTF-8 charset: %s',
    (contentType) => {
      const f = fatal(parseBody(body('{}'), contentType));
      expect(f.status).toBe(415);
      expect(f.message).toMatch(/only utf-8/);
    },
  );
});

describe('parseBody: fatal body errors', () => {
  it.each([[NDJSON], [JSON_TYPE]])('rejects invalid UTF-8 (%s) with 400', (contentType) => {
    const bad = Buffer.concat([body('{"type":"ui.clicked"}\n{"page":"'), Buffer.from([0xc3, 0x28]), body('"}\n')]);
    const f = fatal(parseBody(bad, contentType));
    expect(f).toEqual({ status: 400, message: expect.stringMatching(/not valid UTF-8 \(at byte 31\)/) });
  });

  it.each([
    [Buffer.from([0xff])],
    [Buffer.from([0xed, 0xa0, 0x80])], // an encoded UTF-16 surrogate
    [Buffer.from([0xe2, 0x82])], // truncated sequence
    [Buffer.from([0xc0, 0xaf])], // overlong encoding
  ])('rejects the invalid sequence %p', (bytes) => {
    expect(fatal(parseBody(Buffer.concat([body('{"a":"'), bytes, body('"}')]), NDJSON)).status).toBe(400);
  });

  it.each([[''], ['   '], ['\n\n\r\n'], ['\t \n ']])('rejects the empty body %p with 400', (text) => {
    for (const contentType of [NDJSON, JSON_TYPE]) {
      expect(fatal(parseBody(body(text), contentType))).toEqual({
        status: 400,
        message: 'empty body: send one JSON event per line (NDJSON) or a JSON array',
      });
    }
  });

  it('rejects invalid JSON with 400 and the parse error', () => {
    const f = fatal(parseBody(body('{"type": "ui.clicked",}'), JSON_TYPE));
    expect(f.status).toBe(400);
    expect(f.message).toMatch(/^invalid JSON body: .+/);
  });

  it('hints at NDJSON when NDJSON is sent as application/json', () => {
    const f = fatal(parseBody(body('{"type":"a.b"}\n{"type":"a.c"}\n'), JSON_TYPE));
    expect(f.status).toBe(400);
    expect(f.message).toMatch(/application\/x-ndjson/);
  });

  it.each([['42'], ['"event"'], ['null'], ['true']])('rejects the JSON body %s (neither object nor array)', (text) => {
    const f = fatal(parseBody(body(text), JSON_TYPE));
    expect(f.status).toBe(400);
    expect(f.message).toMatch(/must be an event object or an array of event objects/);
  });

  it('rejects an empty JSON array', () => {
    expect(fatal(parseBody(body('[]'), JSON_TYPE)).status).toBe(400);
  });

  it('rejects more than maxEvents records with 413 (NDJSON and JSON)', () => {
    const lines = Array.from({ length: 11 }, (_v, i) => `{"i":${i}}`);
    expect(records(parseBody(body(lines.slice(0, 10).join('\n')), NDJSON, { maxEvents: 10 }))).toHaveLength(10);
    const f = fatal(parseBody(body(lines.join('\n')), NDJSON, { maxEvents: 10 }));
    expect(f.status).toBe(413);
    expect(f.message).toMatch(/11, at most 10/);
    expect(fatal(parseBody(body(`[${lines.join(',')}]`), JSON_TYPE, { maxEvents: 10 })).status).toBe(413);
    // Blank lines do not count.
    expect(records(parseBody(body(`${lines.slice(0, 10).join('\n\n')}\n\n`), NDJSON, { maxEvents: 10 }))).toHaveLength(10);
  });

  it('applies the default limit of 50,000 events', () => {
    const line = '{}\n';
    expect(records(parseBody(body(line.repeat(50_000)), NDJSON))).toHaveLength(50_000);
    expect(fatal(parseBody(body(line.repeat(50_001)), NDJSON)).status).toBe(413);
  });
});

describe('parseBody: NDJSON', () => {
  it('parses each line, keeping a broken line as an error record', () => {
    const text = '{"type":"a.b"}\n{"type": broken}\n{"type":"a.c"}\n';
    const result = records(parseBody(body(text), NDJSON));
    expect(result).toHaveLength(3);
    expect(result[0]).toEqual({ line: 1, value: { type: 'a.b' } });
    expect(result[1]!.line).toBe(2);
    expect(result[1]!.value).toBeUndefined();
    expect(result[1]!.error).toMatch(/^invalid JSON: .+expected one JSON event object per line$/);
    expect(result[2]).toEqual({ line: 3, value: { type: 'a.c' } });
  });

  it('tolerates CRLF and a missing final newline', () => {
    expect(records(parseBody(body('{"a":1}\r\n{"a":"x\\r"}\r\n{"a":3}'), NDJSON))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 'x\r' } },
      { line: 3, value: { a: 3 } },
    ]);
  });

  it('keeps each parsed line as sent, without its CR LF or the BOM (the row can be that line: event-rows.ts)', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const result = withText(parseBody(Buffer.concat([bom, body('{"a":1}\r\n{ "page":"ü" }\n{broken\n')]), NDJSON));
    expect(result.map((r) => r.text)).toEqual(['{"a":1}', '{ "page":"ü" }', '{broken']);
    // Parsed when read, not by parseBody: a line that does not parse is an error record then.
    expect(result.map((r) => 'value' in r || 'error' in r)).toEqual([false, false, false]);
    expect(readRecord(result[2]!)).toEqual({ error: expect.stringMatching(/^invalid JSON: .+expected one JSON event object per line$/) });
    expect(withText(parseBody(body('[{"a":1}]'), 'application/json'))[0]!.text).toBeUndefined();
  });

  it('skips blank lines but keeps body line numbers', () => {
    expect(records(parseBody(body('\n{"a":1}\n\n   \n\t\r\n{"a":2}\n\n'), NDJSON))).toEqual([
      { line: 2, value: { a: 1 } },
      { line: 6, value: { a: 2 } },
    ]);
  });

  it('keeps non-object lines as values (the validator rejects them)', () => {
    expect(records(parseBody(body('[1]\n"x"\nnull\n'), NDJSON))).toEqual([
      { line: 1, value: [1] },
      { line: 2, value: 'x' },
      { line: 3, value: null },
    ]);
  });

  it('drops a UTF-8 BOM and keeps non-ASCII text', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(records(parseBody(Buffer.concat([bom, body('{"page":"/kurse/über-uns €"}')]), NDJSON))).toEqual([{ line: 1, value: { page: '/kurse/über-uns €' } }]);
  });

  it('a line of 2 MB is a "line too long" record, the other lines still parse', () => {
    const long = `{"page":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    const result = records(parseBody(body(`{"a":1}\n${long}\n{"a":3}\n`), NDJSON));
    expect(result).toHaveLength(3);
    expect(result[0]).toEqual({ line: 1, value: { a: 1 } });
    expect(result[1]).toEqual({ line: 2, error: expect.stringMatching(/^line too long: 2097163 bytes, at most 1 MiB/) });
    expect(result[2]).toEqual({ line: 3, value: { a: 3 } });
  });

  it('measures maxLineBytes in UTF-8 bytes', () => {
    const line = `{"p":"${'€'.repeat(10)}"}`; // 8 + 30 bytes = 38 bytes, 18 characters
    expect(records(parseBody(body(line), NDJSON, { maxLineBytes: 38 }))[0]!.value).toEqual({ p: '€'.repeat(10) });
    expect(records(parseBody(body(line), NDJSON, { maxLineBytes: 37 }))[0]!.error).toMatch(/line too long: 38 bytes, at most 37 bytes/);
  });
});

describe('parseBody: application/json', () => {
  it('turns an array into one record per element, line = index + 1', () => {
    expect(records(parseBody(body('[{"a":1}, {"a":2}, 3]'), JSON_TYPE))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
      { line: 3, value: 3 },
    ]);
  });

  it('turns a single object into one record', () => {
    expect(records(parseBody(body('\n  {"type":"ui.clicked"}\n'), JSON_TYPE))).toEqual([{ line: 1, value: { type: 'ui.clicked' } }]);
  });

  it('accepts a pretty-printed multi-line object', () => {
    expect(records(parseBody(body('{\n  "type": "ui.clicked",\n  "page": "/"\n}\n'), 'application/json; charset=utf-8'))).toHaveLength(1);
  });
});
