import { useState } from 'react';
import { RetentionDocument, type Granularity } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure, isWithheld, useWithheld } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { csvName, usePeriod } from '../period/period-context';

const PERIODS: Record<'DAY' | 'WEEK' | 'MONTH', number> = { DAY: 14, WEEK: 8, MONTH: 6 };
const UNIT: Record<'DAY' | 'WEEK' | 'MONTH', string> = { DAY: 'Day', WEEK: 'Week', MONTH: 'Month' };

/** White to blue by rate; the text turns white on the dark end. */
function cellStyle(rate: number): { background: string; color: string } {
  const alpha = Math.max(0.04, Math.min(1, rate));
  return { background: `rgba(37, 99, 235, ${alpha.toFixed(3)})`, color: alpha > 0.55 ? '#fff' : '#111827' };
}

function Heatmap({
  cohorts,
  unit,
}: {
  cohorts: { cohortStart: unknown; size?: number | null; retained: (number | null)[]; rates: (number | null)[] }[];
  unit: string;
}) {
  const withheld = useWithheld();
  const columns = cohorts[0]?.rates.length ?? 0;
  return (
    <div className="table-scroll">
      <table className="heatmap">
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col" className="num">
              Users
            </th>
            {Array.from({ length: columns }, (_, i) => (
              <th scope="col" className="num" key={i}>
                {unit} {i}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c, row) => (
            <tr key={String(c.cohortStart)} data-cohort={String(c.cohortStart)}>
              <th scope="row">{String(c.cohortStart)}</th>
              <td className="num">
                <Figure value={c.size} kind="int" path={['retention', row, 'size']} />
              </td>
              {c.rates.map((rate, i) => {
                const hidden = isWithheld(withheld, ['retention', row, 'rates', i]);
                return (
                  <td
                    key={i}
                    className="num heat"
                    style={rate === null || hidden ? undefined : cellStyle(rate)}
                    title={c.retained[i] === null ? undefined : `${c.retained[i]} of ${c.size ?? '?'} came back`}
                  >
                    <Figure value={rate} kind="percent" path={['retention', row, 'rates', i]} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RetentionPage() {
  const { period } = usePeriod();
  const [granularity, setGranularity] = useState<'DAY' | 'WEEK' | 'MONTH'>('WEEK');
  const periods = PERIODS[granularity];
  const query = useQuery(RetentionDocument, { period, granularity: granularity as Granularity, periods });

  const control = (
    <label className="inline-control">
      Cohorts by{' '}
      <select value={granularity} onChange={(e) => setGranularity(e.target.value as 'DAY' | 'WEEK' | 'MONTH')} aria-label="Cohort size">
        <option value="DAY">day</option>
        <option value="WEEK">week</option>
        <option value="MONTH">month</option>
      </select>
    </label>
  );

  return (
    <div className="grid">
      <QueryPanel
        id="retention"
        title="Retention"
        subtitle={`Users by the ${granularity.toLowerCase()} of their registration (user.registered) in the period, and the share active in each ${granularity.toLowerCase()} after`}
        query={query}
        controls={control}
        wide
        csv={(data) => ({
          kind: 'client',
          filename: csvName('retention', period),
          columns: [
            'cohortStart',
            'size',
            ...Array.from({ length: periods }, (_, i) => `retained${i}`),
            ...Array.from({ length: periods }, (_, i) => `rate${i}`),
          ],
          rows: data.retention.map((c) => ({
            cohortStart: String(c.cohortStart),
            size: c.size,
            ...Object.fromEntries(c.retained.map((v, i) => [`retained${i}`, v])),
            ...Object.fromEntries(c.rates.map((v, i) => [`rate${i}`, v])),
          })),
        })}
      >
        {(data) =>
          data.retention.length === 0 ? (
            <p className="empty-state">No cohorts in this period.</p>
          ) : (
            <Heatmap cohorts={data.retention} unit={UNIT[granularity]} />
          )
        }
      </QueryPanel>
    </div>
  );
}
