import { addDays, browserTimeZone, describePeriod, isDay, lastDays, RANGES, TIMEZONES, type RangeKey } from './period';
import { usePeriod } from './period-context';

/** The period and timezone of every page (kept in the URL, so links and reloads keep it). */
export function PeriodPicker() {
  const { selection, setSelection } = usePeriod();
  const zones = [...TIMEZONES, ...[browserTimeZone()].filter((z): z is string => z !== null)];
  if (!zones.includes(selection.timezone)) zones.push(selection.timezone);

  function setRange(range: RangeKey) {
    if (range === 'custom') return setSelection({ ...selection, range });
    const days = RANGES.find((r) => r.key === range)!.days;
    setSelection({ range, ...lastDays(days, selection.timezone), timezone: selection.timezone });
  }

  function setTimezone(timezone: string) {
    // A preset stays "the last N days" of the new zone's today; a custom period keeps its days.
    if (selection.range === 'custom') return setSelection({ ...selection, timezone });
    const days = RANGES.find((r) => r.key === selection.range)!.days;
    setSelection({ ...selection, ...lastDays(days, timezone), timezone });
  }

  function setDay(which: 'from' | 'last', value: string) {
    if (!isDay(value)) return;
    const from = which === 'from' ? value : selection.from;
    const to = which === 'last' ? addDays(value, 1) : selection.to;
    if (from >= to) return;
    setSelection({ range: 'custom', from, to, timezone: selection.timezone });
  }

  return (
    <div className="period-picker" role="group" aria-label="Period and timezone">
      <label>
        <span className="picker-label">Period</span>
        <select value={selection.range} onChange={(e) => setRange(e.target.value as RangeKey)} aria-label="Period">
          {RANGES.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {selection.range === 'custom' ? (
        <>
          <label>
            <span className="picker-label">From</span>
            <input type="date" value={selection.from} onChange={(e) => setDay('from', e.target.value)} aria-label="First day" />
          </label>
          <label>
            <span className="picker-label">To</span>
            <input type="date" value={addDays(selection.to, -1)} onChange={(e) => setDay('last', e.target.value)} aria-label="Last day (included)" />
          </label>
        </>
      ) : (
        <span className="period-days" data-period={`${selection.from}/${selection.to}`}>
          {describePeriod(selection)}
        </span>
      )}
      <label>
        <span className="picker-label">Timezone</span>
        <select value={selection.timezone} onChange={(e) => setTimezone(e.target.value)} aria-label="Timezone">
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
