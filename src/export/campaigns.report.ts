import { CampaignsService } from '../metrics/campaigns.service';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport } from './report';

const COLUMNS = ['utmSource', 'utmMedium', 'utmCampaign', 'sessions', 'users', 'signups', 'enrollments'] as const;

/** campaignPerformance(period, companyId, limit = 100): one row per UTM source / medium / campaign. */
export const campaignsReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'limit'],
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const limit = query.int('limit', 100);
    const campaigns = await services.get(CampaignsService).performance(args, companyId, limit);
    return { period, columns: COLUMNS, rows: campaigns.map((c) => Object.fromEntries(COLUMNS.map((column) => [column, c[column]]))) };
  },
};
