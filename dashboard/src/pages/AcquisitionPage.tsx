import { CampaignsDocument } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure, WithheldGroupsNote } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { BarSeriesChart } from '../components/charts';
import { formatInt } from '../format';
import { exportPeriod, usePeriod } from '../period/period-context';

export const CAMPAIGN_LIMIT = 20;

const label = (c: { utmSource: string; utmMedium: string; utmCampaign: string }) => [c.utmSource, c.utmMedium, c.utmCampaign].filter(Boolean).join(' / ');

export function AcquisitionPage() {
  const { period } = usePeriod();
  const query = useQuery(CampaignsDocument, { period, limit: CAMPAIGN_LIMIT });
  return (
    <div className="grid">
      <QueryPanel
        id="campaigns"
        title="UTM campaigns"
        subtitle={`Traffic and conversions per source / medium / campaign, the ${CAMPAIGN_LIMIT} with most users`}
        query={query}
        wide
        csv={() => ({ kind: 'server', report: 'campaigns', params: { ...exportPeriod(period), limit: CAMPAIGN_LIMIT } })}
      >
        {(data) =>
          data.campaignPerformance.length === 0 ? (
            <>
              <p className="empty-state">No campaign traffic shown (events with utm_source) in this period.</p>
              <WithheldGroupsNote path={['campaignPerformance']} noun="campaign" />
            </>
          ) : (
            <>
              <BarSeriesChart
                label="Users, signups and enrollments per campaign"
                data={data.campaignPerformance
                  .slice(0, 10)
                  .map((c) => ({ campaign: label(c), users: c.users ?? null, signups: c.signups ?? null, enrollments: c.enrollments ?? null }))}
                x="campaign"
                series={[
                  { key: 'users', name: 'Users' },
                  { key: 'signups', name: 'Signups' },
                  { key: 'enrollments', name: 'Enrollments' },
                ]}
                format={formatInt}
                horizontal
                height={Math.max(200, Math.min(10, data.campaignPerformance.length) * 48)}
              />
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Source</th>
                      <th scope="col">Medium</th>
                      <th scope="col">Campaign</th>
                      <th scope="col" className="num">
                        Users
                      </th>
                      <th scope="col" className="num">
                        Sessions
                      </th>
                      <th scope="col" className="num">
                        Signups
                      </th>
                      <th scope="col" className="num">
                        Enrollments
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.campaignPerformance.map((c, i) => (
                      <tr key={`${c.utmSource}|${c.utmMedium}|${c.utmCampaign}`} data-campaign={label(c)}>
                        <th scope="row">{c.utmSource}</th>
                        <td>{c.utmMedium || <span className="muted">(none)</span>}</td>
                        <td>{c.utmCampaign || <span className="muted">(none)</span>}</td>
                        <td className="num">
                          <Figure value={c.users} kind="int" path={['campaignPerformance', i, 'users']} />
                        </td>
                        <td className="num">
                          <Figure value={c.sessions} kind="int" path={['campaignPerformance', i, 'sessions']} />
                        </td>
                        <td className="num">
                          <Figure value={c.signups} kind="int" path={['campaignPerformance', i, 'signups']} />
                        </td>
                        <td className="num">
                          <Figure value={c.enrollments} kind="int" path={['campaignPerformance', i, 'enrollments']} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <WithheldGroupsNote path={['campaignPerformance']} noun="campaign" />
            </>
          )
        }
      </QueryPanel>
    </div>
  );
}
