import { useState } from 'react';
import { DailyActiveUsersDocument, type CompareTo, type DailyActiveUsersQuery } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure, WithheldNote, isWithheld, useWithheld } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { LineSeriesChart } from '../components/charts';
import { change, formatChange, formatInt } from '../format';
import { csvName, exportPeriod, usePeriod } from '../period/period-context';

type Summary = DailyActiveUsersQuery['activeUsersSummary'];
type FigureName = 'dailyAverage' | 'weekly' | 'monthly' | 'stickiness';

const TILES: { name: FigureName; label: string; kind: 'decimal' | 'int' | 'percent'; help: string }[] = [
  { name: 'dailyAverage', label: 'DAU', kind: 'decimal', help: 'Mean daily active users over the days of the period' },
  { name: 'weekly', label: 'WAU', kind: 'int', help: 'Distinct active users in the 7 days ending with the period' },
  { name: 'monthly', label: 'MAU', kind: 'int', help: 'Distinct active users in the 30 days ending with the period' },
  { name: 'stickiness', label: 'Stickiness', kind: 'percent', help: 'Mean DAU over those 30 days divided by MAU' },
];

function Tile({ summary, name, label, kind, help }: { summary: Summary; name: FigureName; label: string; kind: 'decimal' | 'int' | 'percent'; help: string }) {
  const withheld = useWithheld();
  const now = summary[name];
  const before = summary.comparison?.[name];
  const delta = typeof now === 'number' && typeof before === 'number' ? change(now, before) : null;
  const hidden = isWithheld(withheld, ['activeUsersSummary', name]) || isWithheld(withheld, ['activeUsersSummary', 'comparison', name]);
  return (
    <div className="tile" data-tile={name} title={help}>
      <div className="tile-label">{label}</div>
      <div className="tile-value">
        <Figure value={now} kind={kind} path={['activeUsersSummary', name]} />
      </div>
      <div className="tile-compare">
        <span>
          before: <Figure value={before} kind={kind} path={['activeUsersSummary', 'comparison', name]} />
        </span>
        {!hidden && typeof now === 'number' && typeof before === 'number' && (
          <span className={`delta ${delta !== null && delta < 0 ? 'down' : 'up'}`} data-delta={name}>
            {formatChange(delta)}
          </span>
        )}
      </div>
    </div>
  );
}

export function OverviewPage() {
  const { period } = usePeriod();
  const [compareTo, setCompareTo] = useState<CompareTo>('PREVIOUS_PERIOD');
  const query = useQuery(DailyActiveUsersDocument, { period, compareTo });

  const compareControl = (
    <label className="inline-control">
      Compare with{' '}
      <select value={compareTo} onChange={(e) => setCompareTo(e.target.value as CompareTo)} aria-label="Compare with">
        <option value="PREVIOUS_PERIOD">previous period</option>
        <option value="PREVIOUS_YEAR">previous year</option>
      </select>
    </label>
  );

  return (
    <div className="grid">
      <QueryPanel
        id="active-users"
        title="Active users"
        subtitle="Distinct users with any event; compared with the period before"
        query={query}
        controls={compareControl}
        wide
        csv={(data) => ({
          kind: 'client',
          filename: csvName('active-users', period),
          columns: ['figure', 'value', 'comparison'],
          rows: TILES.map((t) => ({ figure: t.name, value: data.activeUsersSummary[t.name], comparison: data.activeUsersSummary.comparison?.[t.name] })),
        })}
      >
        {(data) => (
          <div className="tiles">
            {TILES.map((t) => (
              <Tile key={t.name} summary={data.activeUsersSummary} {...t} />
            ))}
          </div>
        )}
      </QueryPanel>
      <QueryPanel
        id="dau"
        title="Daily active users"
        subtitle="Per day of the period, in its timezone"
        query={query}
        wide
        csv={() => ({ kind: 'server', report: 'dau', params: exportPeriod(period) })}
      >
        {(data) => (
          <>
            <LineSeriesChart
              label="Daily active users per day"
              data={data.dau.map((d) => ({ date: String(d.date), value: d.value ?? null }))}
              x="date"
              series={[{ key: 'value', name: 'Active users' }]}
              format={formatInt}
            />
            <WithheldNote prefix="dau" />
            <details className="data-table">
              <summary>Table</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" className="num">
                      Active users
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.dau.map((d, i) => (
                    <tr key={String(d.date)}>
                      <td>{String(d.date)}</td>
                      <td className="num">
                        <Figure value={d.value} kind="int" path={['dau', i, 'value']} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </QueryPanel>
    </div>
  );
}
