import { change, formatChange, formatDuration, formatFigure, formatHours, formatMoney, formatPercent, withheldText } from '../../dashboard/src/format';
import { addDays, describePeriod, lastDays, selectionFromQuery, selectionToQuery, today } from '../../dashboard/src/period/period';

describe('dashboard figures (dashboard/src/format.ts)', () => {
  it('writes exact decimal amounts without going through a float', () => {
    expect(formatMoney('1234.5')).toBe('1,234.50');
    expect(formatMoney('0')).toBe('0.00');
    expect(formatMoney('9007199254740993.1234')).toBe('9,007,199,254,740,993.1234');
    expect(formatMoney('-12.3456', 'EUR')).toBe('-12.3456 EUR');
  });

  it('writes rates, durations and changes the same on every machine', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(725)).toBe('12 m 5 s');
    expect(formatDuration(12_000)).toBe('3 h 20 m');
    expect(formatHours(45_000)).toBe('12.5 h');
    expect(formatFigure('int', 1234567)).toBe('1,234,567');
    expect(formatChange(change(150, 100))).toBe('+50.0%');
    expect(formatChange(change(50, 100))).toBe('−50.0%');
    expect(formatChange(change(5, 0))).toBe('new');
    expect(withheldText(5)).toBe('fewer than 5 learners');
  });
});

describe('dashboard periods (dashboard/src/period/period.ts)', () => {
  // 03:30 UTC on 8 March 2026 is still 7 March in New York.
  const now = new Date('2026-03-08T03:30:00Z');

  it('takes "today" in the chosen timezone, and the last N days end with it', () => {
    expect(today('UTC', now)).toBe('2026-03-08');
    expect(today('America/New_York', now)).toBe('2026-03-07');
    expect(lastDays(7, 'America/New_York', now)).toEqual({ from: '2026-03-01', to: '2026-03-08' });
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('reads the selection from the URL, falling back to the last 30 days in UTC', () => {
    expect(selectionFromQuery(new URLSearchParams('from=2026-01-05&to=2026-02-01&tz=Europe/Berlin'), now)).toEqual({
      range: 'custom',
      from: '2026-01-05',
      to: '2026-02-01',
      timezone: 'Europe/Berlin',
    });
    expect(selectionFromQuery(new URLSearchParams('range=7d&tz=Asia/Tokyo'), now)).toEqual({
      range: '7d',
      from: '2026-03-02',
      to: '2026-03-09',
      timezone: 'Asia/Tokyo',
    });
    // A reversed or malformed period and an unknown zone: the default.
    expect(selectionFromQuery(new URLSearchParams('from=2026-02-01&to=2026-01-05&tz=Mars/Olympus'), now)).toEqual({
      range: '30d',
      from: '2026-02-07',
      to: '2026-03-09',
      timezone: 'UTC',
    });
    expect(selectionToQuery({ range: '30d', from: 'x', to: 'y', timezone: 'UTC' })).toEqual({ range: '30d', tz: 'UTC' });
    expect(describePeriod({ range: 'custom', from: '2025-12-29', to: '2026-01-05', timezone: 'UTC' })).toBe('29 Dec 2025 – 4 Jan 2026');
  });
});
