import type { ClickHouseType } from '../../src/clickhouse/sql';

/**
 * Seeded random values of every ClickHouseType, for property tests of the `sql` tag's literal
 * rendering. A fixed seed: the same values on every run (a failure reproduces), many of them.
 */
export function seededRandom(seed: number): () => number {
  // mulberry32: small, fast, good enough to spread values over a type's range.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters that mean something to SQL, to ClickHouse's lexer, to TSV parameter escaping, to JSON or to UTF-16. */
const NASTY = [
  "'",
  '\\',
  '"',
  '`',
  '{',
  '}',
  ':',
  ';',
  '-',
  '/',
  '*',
  '#',
  '%',
  '?',
  '$',
  '(',
  ')',
  ',',
  '.',
  '[',
  ']',
  '=',
  '|',
  '&',
  '!',
  '\n',
  '\r',
  '\t',
  '\0',
  '\b',
  '\f',
  '\v',
  '\u0001',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\ufffd',
  'N',
  'x',
  'e',
  '0',
  ' ',
  'é',
  'ß',
  '漢',
  '🚀',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\ude00',
];

/** Whole strings that have broken escapers before. */
export const NASTY_STRINGS = [
  '',
  "'",
  "''",
  "\\'",
  "\\\\'",
  "'\\",
  '\\',
  '\\\\',
  '\\N',
  '\\0',
  '\\x27',
  '\\u0027',
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  '{p1:String}',
  '{db:Identifier}',
  "x' /* \n */ --\t",
  "'||version()||'",
  '\u0000',
  'a\u0000b',
  '\ud800',
  'a\udc00',
  '\ud83d\ude80',
  `${"'".repeat(10)}${'x'.repeat(10_230)}`,
  '\\\n',
  "\\\t'",
];

export function nastyString(random: () => number): string {
  const length = Math.floor(random() * 40);
  let s = '';
  for (let i = 0; i < length; i += 1) s += NASTY[Math.floor(random() * NASTY.length)];
  return s;
}

function randomBigInt(random: () => number, min: bigint, max: bigint): bigint {
  const span = max - min + 1n;
  let n = 0n;
  for (let i = 0; i < 5; i += 1) n = (n << 32n) | BigInt(Math.floor(random() * 4294967296));
  return min + (n % span);
}

/** A double from 64 random bits: covers subnormals, huge and tiny magnitudes, both zeros. */
function randomDouble(random: () => number): number {
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, Math.floor(random() * 4294967296));
    view.setUint32(4, Math.floor(random() * 4294967296));
    const d = view.getFloat64(0);
    if (Number.isFinite(d)) return d;
  }
}

const SPECIAL_DOUBLES = [
  0,
  -0,
  0.1,
  0.2,
  0.3,
  1 / 3,
  -1 / 3,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.EPSILON,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  1e-7,
  123456789.12345679, // the double nearest 123456789.123456789
  2.2250738585072014e-308,
  2.225073858507201e-308,
];

const hex = (random: () => number, n: number) => Array.from({ length: n }, () => '0123456789abcdefABCDEF'[Math.floor(random() * 22)]).join('');
export const randomUuid = (random: () => number) => `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;

const INT_RANGES = {
  UInt8: [0n, 255n],
  UInt32: [0n, 4294967295n],
  UInt64: [0n, 18446744073709551615n],
  Int64: [-9223372036854775808n, 9223372036854775807n],
} as const;

/** `count` values of `type`, boundaries first, in the JS shapes the renderer accepts. */
export function valuesOf(type: ClickHouseType, count: number, random: () => number): unknown[] {
  const out: unknown[] = [];
  const instant = (min: number, max: number, unit: number) => new Date(Math.floor((min + random() * (max - min)) / unit) * unit);
  switch (type) {
    case 'String':
      out.push(...NASTY_STRINGS);
      while (out.length < count) out.push(nastyString(random));
      return out;
    case 'UInt8':
    case 'UInt32':
    case 'UInt64':
    case 'Int64': {
      const [min, max] = INT_RANGES[type];
      out.push(min, max, 0n, min + 1n, max - 1n);
      while (out.length < count) out.push(randomBigInt(random, min, max));
      // Each as a number where that is exact, else a bigint or decimal string (both accepted).
      return out.map((v, i) => {
        const n = v as bigint;
        if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) && i % 2 === 0) return Number(n);
        return i % 3 === 0 ? n.toString() : n;
      });
    }
    case 'Float64':
      out.push(...SPECIAL_DOUBLES);
      while (out.length < count) out.push(random() < 0.5 ? randomDouble(random) : (random() - 0.5) * 10 ** Math.floor(random() * 30 - 15));
      return out;
    case 'Bool':
      return Array.from({ length: count }, (_, i) => i % 2 === 0);
    case 'Date':
      out.push('1970-01-01', '2149-06-06', '2000-02-29', '2026-03-29');
      while (out.length < count) out.push(instant(0, Date.UTC(2149, 5, 6), 86_400_000));
      return out;
    case "DateTime('UTC')":
      out.push('1970-01-01 00:00:00', '2106-02-07 06:28:15', new Date('2026-11-01T06:00:00Z'));
      while (out.length < count) out.push(instant(0, Date.UTC(2106, 1, 7, 6, 28, 15), 1000));
      return out;
    case "DateTime64(3, 'UTC')":
      out.push('1900-01-01 00:00:00', '2299-12-31 23:59:59.999', new Date('1969-12-31T23:59:59.999Z'), '2026-03-01 00:00:00.5');
      while (out.length < count) out.push(instant(Date.UTC(1900, 0, 1), Date.UTC(2299, 11, 31, 23, 59, 59, 999), 1));
      return out;
    case 'UUID':
      out.push('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF');
      while (out.length < count) out.push(randomUuid(random));
      return out;
    case 'Array(String)':
      out.push([], [''], NASTY_STRINGS);
      while (out.length < count) out.push(Array.from({ length: Math.floor(random() * 5) }, () => nastyString(random)));
      return out;
    case 'Array(UUID)':
      out.push([]);
      while (out.length < count) out.push(Array.from({ length: Math.floor(random() * 4) }, () => randomUuid(random)));
      return out;
  }
}
