import type { FunnelQuery } from '../../../client/generated/graphql';
import type { CsvSource } from '../api/csv';
import { formatInt } from '../format';
import { Figure, WithheldGroupsNote } from './Figure';
import { BarSeriesChart } from './charts';

type FunnelData = FunnelQuery['funnel'];

/** Steps as bars and a table, and the breakdown per dimension value when asked for. */
export function FunnelView({ funnel, breakdownLabel }: { funnel: FunnelData; breakdownLabel?: string }) {
  return (
    <>
      <BarSeriesChart
        label="Learners reaching each funnel step"
        data={funnel.steps.map((s) => ({ step: s.name, count: s.count ?? null }))}
        x="step"
        series={[{ key: 'count', name: 'Reached the step' }]}
        format={formatInt}
        horizontal
        height={Math.max(160, funnel.steps.length * 44)}
      />
      <div className="table-scroll">
        <table className="funnel-steps">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Step</th>
              <th scope="col" className="num">
                Reached
              </th>
              <th scope="col" className="num">
                From start
              </th>
              <th scope="col" className="num">
                From previous
              </th>
            </tr>
          </thead>
          <tbody>
            {funnel.steps.map((s, i) => (
              <tr key={s.index} data-step={s.index}>
                <td>{s.index}</td>
                <td>
                  {s.name}
                  {s.name !== s.eventType && <span className="muted"> ({s.eventType})</span>}
                </td>
                <td className="num">
                  <Figure value={s.count} kind="int" path={['funnel', 'steps', i, 'count']} />
                </td>
                <td className="num">
                  <Figure value={s.conversionFromStart} kind="percent" path={['funnel', 'steps', i, 'conversionFromStart']} />
                </td>
                <td className="num">
                  <Figure value={s.conversionFromPrevious} kind="percent" path={['funnel', 'steps', i, 'conversionFromPrevious']} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Overall conversion
              </th>
              <td className="num">
                <Figure value={funnel.overallConversion} kind="percent" path={['funnel', 'overallConversion']} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {funnel.breakdown && funnel.breakdown.length > 0 && (
        <div className="table-scroll">
          <table className="funnel-breakdown">
            <caption>By {breakdownLabel ?? 'group'}</caption>
            <thead>
              <tr>
                <th scope="col">{breakdownLabel ?? 'Group'}</th>
                {funnel.steps.map((s) => (
                  <th scope="col" className="num" key={s.index}>
                    {s.name}
                  </th>
                ))}
                <th scope="col" className="num">
                  Conversion
                </th>
              </tr>
            </thead>
            <tbody>
              {funnel.breakdown.map((group, g) => (
                <tr key={group.value} data-group={group.value}>
                  <th scope="row">{group.value || '(none)'}</th>
                  {group.steps.map((s, i) => (
                    <td className="num" key={s.index}>
                      <Figure value={s.count} kind="int" path={['funnel', 'breakdown', g, 'steps', i, 'count']} />
                    </td>
                  ))}
                  <td className="num">
                    <Figure value={group.overallConversion} kind="percent" path={['funnel', 'breakdown', g, 'overallConversion']} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {funnel.breakdown && <WithheldGroupsNote path={['funnel', 'breakdown']} noun={breakdownLabel ?? 'group'} />}
    </>
  );
}

/** The funnel as CSV rows: one per step, and one per group and step with a breakdown. */
export function funnelCsv(funnel: FunnelData, filename: string): CsvSource {
  const columns = ['breakdown', 'step', 'name', 'eventType', 'count', 'conversionFromStart', 'conversionFromPrevious'];
  const rows = [
    ...funnel.steps.map((s) => ({
      breakdown: '(all)',
      step: s.index,
      name: s.name,
      eventType: s.eventType,
      count: s.count,
      conversionFromStart: s.conversionFromStart,
      conversionFromPrevious: s.conversionFromPrevious,
    })),
    ...(funnel.breakdown ?? []).flatMap((g) =>
      g.steps.map((s) => ({
        breakdown: g.value,
        step: s.index,
        name: s.name,
        eventType: s.eventType,
        count: s.count,
        conversionFromStart: s.conversionFromStart,
        conversionFromPrevious: s.conversionFromPrevious,
      })),
    ),
  ];
  return { kind: 'client', filename, columns, rows };
}
