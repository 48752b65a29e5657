import { RevenueDocument, type Granularity } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { BarSeriesChart } from '../components/charts';
import { daysBetween } from '../period/period';
import { csvName, usePeriod } from '../period/period-context';

export function RevenuePage() {
  const { period } = usePeriod();
  const granularity: Granularity = daysBetween(String(period.from), String(period.to)) > 62 ? 'WEEK' : 'DAY';
  const query = useQuery(RevenueDocument, { period, granularity });
  return (
    <div className="grid">
      <QueryPanel
        id="revenue-totals"
        title="Revenue"
        subtitle="Succeeded payments per currency (currencies are never added together)"
        query={query}
        wide
        csv={(data) => ({
          kind: 'client',
          filename: csvName('revenue-totals', period),
          columns: ['currency', 'amount', 'payments', 'failedPayments'],
          rows: data.revenue.totals,
        })}
      >
        {(data) => (
          <>
            <div className="tiles">
              {data.revenue.totals.map((t, i) => (
                <div className="tile" key={t.currency} data-tile={`amount-${t.currency}`}>
                  <div className="tile-label">{t.currency}</div>
                  <div className="tile-value">
                    <Figure value={t.amount} kind="money" path={['revenue', 'totals', i, 'amount']} />
                  </div>
                  <div className="tile-compare">
                    <span>
                      <Figure value={t.payments} kind="int" path={['revenue', 'totals', i, 'payments']} /> payments
                    </span>
                    <span>
                      <Figure value={t.failedPayments} kind="int" path={['revenue', 'totals', i, 'failedPayments']} /> failed
                    </span>
                  </div>
                </div>
              ))}
              <div className="tile" data-tile="subscriptionsActivated">
                <div className="tile-label">Subscriptions activated</div>
                <div className="tile-value">
                  <Figure value={data.revenue.subscriptionsActivated} kind="int" path={['revenue', 'subscriptionsActivated']} />
                </div>
              </div>
              <div className="tile" data-tile="subscriptionsCancelled">
                <div className="tile-label">Subscriptions cancelled</div>
                <div className="tile-value">
                  <Figure value={data.revenue.subscriptionsCancelled} kind="int" path={['revenue', 'subscriptionsCancelled']} />
                </div>
              </div>
            </div>
            {data.revenue.totals.length === 0 && <p className="empty-state">No payments in this period.</p>}
          </>
        )}
      </QueryPanel>
      <QueryPanel
        id="revenue-series"
        title={`Revenue per ${granularity === 'DAY' ? 'day' : 'week'}`}
        query={query}
        wide
        csv={(data) => ({
          kind: 'client',
          filename: csvName('revenue', period),
          columns: ['bucket', 'start', 'currency', 'amount', 'payments'],
          rows: data.revenue.series.map((s) => ({ ...s, start: String(s.start) })),
        })}
      >
        {(data) => {
          const currencies = data.revenue.totals.map((t) => t.currency);
          const byBucket = new Map<string, Record<string, string | number | null>>();
          for (const point of data.revenue.series) {
            const row = byBucket.get(point.bucket) ?? { bucket: point.bucket };
            // Chart heights only: the exact amounts are the strings in the tiles and the CSV.
            row[point.currency] = point.amount === null || point.amount === undefined ? null : Number(point.amount);
            byBucket.set(point.bucket, row);
          }
          return currencies.length === 0 ? (
            <p className="empty-state">No payments in this period.</p>
          ) : (
            <BarSeriesChart
              label="Revenue per bucket and currency"
              data={[...byBucket.values()]}
              x="bucket"
              series={currencies.map((c) => ({ key: c, name: c }))}
            />
          );
        }}
      </QueryPanel>
    </div>
  );
}
