import { MAX_OPERATION_LABELS, Metrics, OTHER_OPERATION } from '../../src/observability/metrics';

describe('Metrics', () => {
  it('caps the distinct GraphQL operation names kept as labels; later ones count as (other)', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_LABELS + 5; i++) metrics.graphqlOperation(`Op${i}`, 'ok', 1);
    metrics.graphqlOperation('Op0', 'ok', 1);
    const lines = (await metrics.render()).body.split('\n').filter((l) => l.startsWith('learnmetrics_graphql_requests_total{'));
    expect(lines).toHaveLength(MAX_OPERATION_LABELS + 1);
    expect(lines).toContain(`learnmetrics_graphql_requests_total{operation="${OTHER_OPERATION}",outcome="ok"} 5`);
    expect(lines).toContain('learnmetrics_graphql_requests_total{operation="Op0",outcome="ok"} 2');
  });

  it('keeps one registry per instance: two instances count apart', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.ingest({ accepted: 3, rejected: 1, duplicates: 0 });
    expect((await a.render()).body).toContain('learnmetrics_ingest_events_total{result="accepted"} 3');
    expect((await b.render()).body).toContain('learnmetrics_ingest_events_total{result="accepted"} 0');
  });
});
