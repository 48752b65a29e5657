import { GRANULARITIES } from '../domain/vocabulary';
import { EventCountsService } from '../metrics/event-counts.service';
import { renameList } from '../rest/parameter-names';
import { iso, PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport } from './report';

/** eventCounts(period, granularity = DAY, eventTypes, companyId); `eventType` is repeated for each type. */
export const eventCountsReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'granularity', 'eventType'],
  parameterOf: renameList('eventTypes', 'eventType'),
  async run(query, services) {
    const granularity = query.enumValue('granularity', GRANULARITIES, 'DAY');
    const { args, period } = readPeriod(query, services, granularity);
    const companyId = readCompanyId(query);
    const eventTypes = query.list('eventType');
    const counts = await services.get(EventCountsService).perBucket(args, companyId, granularity, eventTypes);
    return {
      period,
      columns: ['bucket', 'start', 'eventType', 'count'],
      rows: counts.map((c) => ({ bucket: c.bucket, start: iso(c.start), eventType: c.eventType, count: c.count })),
    };
  },
};
