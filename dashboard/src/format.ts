/**
 * How every figure is written on screen. Fixed to en-US (not the browser's locale) so a figure
 * reads the same on every machine, and the browser tests can compare the text shown with the
 * API's answer formatted by these same functions. No DOM and no imports: the tests import it.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export type FigureKind = 'int' | 'decimal' | 'percent' | 'score' | 'duration' | 'hours' | 'money';

/** A whole number with thousands separators: 12,345. */
export function formatInt(value: number): string {
  return integer.format(value);
}

/** One decimal: 12.3 (daily averages). */
export function formatDecimal(value: number): string {
  return oneDecimal.format(value);
}

/** A rate from 0 to 1 as a percentage with one decimal: 0.4567 -> 45.7%. */
export function formatPercent(value: number): string {
  return `${oneDecimal.format(value * 100)}%`;
}

/** A 0-100 score: 71.3. */
export function formatScore(value: number): string {
  return oneDecimal.format(value);
}

/** Seconds as h/m/s: 45 s, 12 m 5 s, 3 h 20 m. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  return `${integer.format(Math.floor(s / 3600))} h ${Math.floor((s % 3600) / 60)} m`;
}

/** Seconds as hours with one decimal: 12,345.6 h (totals of learning time). */
export function formatHours(seconds: number): string {
  return `${oneDecimal.format(seconds / 3600)} h`;
}

/**
 * An exact decimal string from the API ("1234.5", "0") with thousands separators and two or
 * more decimals, never through a float: "1234.5" -> "1,234.50". The currency code follows.
 */
export function formatMoney(amount: string, currency?: string): string {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `${negative ? '-' : ''}${grouped}.${fraction.padEnd(2, '0')}`;
  return currency ? `${text} ${currency}` : text;
}

export function formatFigure(kind: FigureKind, value: number | string): string {
  switch (kind) {
    case 'int':
      return formatInt(Number(value));
    case 'decimal':
      return formatDecimal(Number(value));
    case 'percent':
      return formatPercent(Number(value));
    case 'score':
      return formatScore(Number(value));
    case 'duration':
      return formatDuration(Number(value));
    case 'hours':
      return formatHours(Number(value));
    case 'money':
      return formatMoney(String(value));
  }
}

/** What a figure withheld by the partner privacy threshold reads as. */
export function withheldText(minLearners: number): string {
  return `fewer than ${minLearners} learners`;
}

/** What a figure without a value (a rate with nothing to divide by) reads as. */
export const NO_VALUE = '–';

/** The change from `before` to `now` as a signed percentage, or null when there is no base. */
export function change(now: number, before: number): number | null {
  if (before === 0) return null;
  return (now - before) / before;
}

export function formatChange(value: number | null): string {
  if (value === null) return 'new';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${oneDecimal.format(Math.abs(value) * 100)}%`;
}
