/**
 * The dashboard's charts, on Recharts (SVG, declarative React components). Animations are off:
 * figures should be readable at once, and screenshots taken as soon as data is there.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export const PALETTE = ['#2563eb', '#16a34a', '#ea580c', '#9333ea', '#0891b2', '#dc2626', '#ca8a04', '#4b5563'];

export interface Series {
  key: string;
  name: string;
  color?: string;
}

type Row = Record<string, string | number | null>;

interface ChartProps {
  data: Row[];
  /** The category (x) field of each row. */
  x: string;
  series: Series[];
  height?: number;
  /** Formats axis ticks and tooltip values. */
  format?: (value: number) => string;
  /** Accessible summary of what the chart shows. */
  label: string;
}

const tickStyle = { fontSize: 11, fill: '#4b5563' };

export function LineSeriesChart({ data, x, series, height = 240, format, label }: ChartProps) {
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey={x} tick={tickStyle} minTickGap={24} />
          <YAxis tick={tickStyle} width={48} tickFormatter={format} allowDecimals={false} />
          <Tooltip formatter={format ? (v) => (typeof v === 'number' ? format(v) : String(v)) : undefined} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s, i) => (
            // No connectNulls: a withheld day is a gap, not a line through it.
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.name}
              stroke={s.color ?? PALETTE[i % PALETTE.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function BarSeriesChart({
  data,
  x,
  series,
  height = 240,
  format,
  label,
  stacked = false,
  horizontal = false,
}: ChartProps & { stacked?: boolean; horizontal?: boolean }) {
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e5e7eb" vertical={horizontal} horizontal={!horizontal} />
          {horizontal ? (
            <>
              <XAxis type="number" tick={tickStyle} tickFormatter={format} allowDecimals={false} />
              <YAxis type="category" dataKey={x} tick={tickStyle} width={150} />
            </>
          ) : (
            <>
              <XAxis dataKey={x} tick={tickStyle} minTickGap={12} />
              <YAxis tick={tickStyle} width={48} tickFormatter={format} allowDecimals={false} />
            </>
          )}
          <Tooltip formatter={format ? (v) => (typeof v === 'number' ? format(v) : String(v)) : undefined} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              fill={s.color ?? PALETTE[i % PALETTE.length]}
              stackId={stacked ? 'all' : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A small trend line for a table cell; gaps where values are withheld. */
export function Sparkline({ values, label, color = PALETTE[0] }: { values: (number | null)[]; label: string; color?: string }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <span className="sparkline" role="img" aria-label={label}>
      <LineChart width={96} height={28} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[0, 'dataMax']} />
        <Line type="monotone" dataKey="v" stroke={color} strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </span>
  );
}
