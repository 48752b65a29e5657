import { ActiveUsersService } from '../metrics/active-users.service';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport } from './report';

/** dau(period, companyId, platform): one row per day, zero-filled. */
export const dauReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'platform'],
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const platform = query.string('platform');
    const points = await services.get(ActiveUsersService).dau(args, companyId, platform);
    return { period, columns: ['date', 'activeUsers'], rows: points.map((p) => ({ date: p.date, activeUsers: p.value })) };
  },
};
