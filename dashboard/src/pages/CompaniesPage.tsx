import { CompanySummaryDetailDocument, CompanySummaryDocument, type Granularity } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { useSignedIn } from '../auth/session-context';
import { Figure, WithheldNote } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { LineSeriesChart } from '../components/charts';
import { formatInt } from '../format';
import { daysBetween } from '../period/period';
import { exportPeriod, usePeriod } from '../period/period-context';
import { hrefOf } from '../router';

function CompanyList() {
  const { period, query: periodQuery } = usePeriod();
  const query = useQuery(CompanySummaryDocument, { period });
  return (
    <QueryPanel
      id="companies"
      title="Companies"
      subtitle="Enterprise customers with activity in the period, most active learners first"
      query={query}
      wide
      csv={() => ({ kind: 'server', report: 'company-summary', params: exportPeriod(period) })}
    >
      {(data) =>
        data.companies.length === 0 ? (
          <p className="empty-state">No company had activity in this period.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Company</th>
                  <th scope="col" className="num">
                    Active learners
                  </th>
                  <th scope="col" className="num">
                    Courses completed
                  </th>
                  <th scope="col" className="num">
                    Certificates
                  </th>
                  <th scope="col" className="num">
                    Learning time
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.companies.map((c, i) => (
                  <tr key={c.companyId} data-company={c.companyId}>
                    <th scope="row">
                      <a href={hrefOf(['companies', c.companyId], periodQuery)}>{c.companyId}</a>
                    </th>
                    <td className="num">
                      <Figure value={c.activeLearners} kind="int" path={['companies', i, 'activeLearners']} />
                    </td>
                    <td className="num">
                      <Figure value={c.coursesCompleted} kind="int" path={['companies', i, 'coursesCompleted']} />
                    </td>
                    <td className="num">
                      <Figure value={c.certificatesIssued} kind="int" path={['companies', i, 'certificatesIssued']} />
                    </td>
                    <td className="num">
                      <Figure value={c.learningTimeSeconds} kind="hours" path={['companies', i, 'learningTimeSeconds']} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryPanel>
  );
}

export function CompanyDetail({ companyId }: { companyId: string }) {
  const { period } = usePeriod();
  const granularity: Granularity = daysBetween(String(period.from), String(period.to)) > 62 ? 'WEEK' : 'DAY';
  const query = useQuery(CompanySummaryDetailDocument, { companyId, period, granularity });
  return (
    <QueryPanel
      id="company-detail"
      title={`Company ${companyId}`}
      subtitle={`Learning by the company's learners, per ${granularity === 'DAY' ? 'day' : 'week'}`}
      query={query}
      wide
      csv={() => ({ kind: 'server', report: 'company-summary', params: { ...exportPeriod(period), companyId, granularity } })}
    >
      {(data) => {
        const c = data.companyLearningSummary;
        return (
          <>
            <div className="tiles">
              <div className="tile" data-tile="activeLearners">
                <div className="tile-label">Active learners</div>
                <div className="tile-value">
                  <Figure value={c.activeLearners} kind="int" path={['companyLearningSummary', 'activeLearners']} />
                </div>
              </div>
              <div className="tile" data-tile="coursesCompleted">
                <div className="tile-label">Courses completed</div>
                <div className="tile-value">
                  <Figure value={c.coursesCompleted} kind="int" path={['companyLearningSummary', 'coursesCompleted']} />
                </div>
              </div>
              <div className="tile" data-tile="certificatesIssued">
                <div className="tile-label">Certificates</div>
                <div className="tile-value">
                  <Figure value={c.certificatesIssued} kind="int" path={['companyLearningSummary', 'certificatesIssued']} />
                </div>
              </div>
              <div className="tile" data-tile="learningTimeSeconds">
                <div className="tile-label">Learning time</div>
                <div className="tile-value">
                  <Figure value={c.learningTimeSeconds} kind="hours" path={['companyLearningSummary', 'learningTimeSeconds']} />
                </div>
              </div>
            </div>
            <LineSeriesChart
              label={`Active learners and completions of ${companyId}`}
              data={(c.series ?? []).map((s) => ({ bucket: s.bucket, activeLearners: s.activeLearners ?? null, coursesCompleted: s.coursesCompleted ?? null }))}
              x="bucket"
              series={[
                { key: 'activeLearners', name: 'Active learners' },
                { key: 'coursesCompleted', name: 'Courses completed' },
              ]}
              format={formatInt}
            />
            <WithheldNote prefix="companyLearningSummary.series" />
          </>
        );
      }}
    </QueryPanel>
  );
}

/** Admins and analysts: every company, and one company's page. A partner sees its own company's page only. */
export function CompaniesPage({ companyId }: { companyId: string | null }) {
  const session = useSignedIn();
  const { query } = usePeriod();
  const own = session.partner ? session.claims.companyId : null;
  const shown = own ?? companyId;
  return (
    <>
      {shown && !own && (
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <a href={hrefOf(['companies'], query)}>Companies</a> / <span aria-current="page">{shown}</span>
        </nav>
      )}
      <div className="grid">{shown ? <CompanyDetail companyId={shown} /> : <CompanyList />}</div>
    </>
  );
}
