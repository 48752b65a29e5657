import { GRANULARITIES, iso, PERIOD_PARAMETERS, readCompanyId, readPeriod, renameList, type CsvReport } from './report';

/** eventCounts(period, granularity = DAY, eventTypes, companyId); `eventType` is repeated for each type. */
export const eventCountsReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'granularity', 'eventType'],
  parameterOf: renameList('eventTypes', 'eventType'),
  async run(query, ctx) {
    const granularity = query.enumValue('granularity', GRANULARITIES, 'DAY');
    const { args, period } = readPeriod(query, ctx, granularity);
    const companyId = readCompanyId(query);
    const eventTypes = query.list('eventType');
    const counts = await ctx.services.eventCounts.perBucket(ctx.scopeFor(companyId), args, granularity, eventTypes);
    return {
      period,
      columns: ['bucket', 'start', 'eventType', 'count'],
      rows: counts.map((c) => ({ bucket: c.bucket, start: iso(c.start), eventType: c.eventType, count: c.count })),
    };
  },
};
