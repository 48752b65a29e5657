import { DIMENSIONS, FUNNEL_COUNT_BY, FUNNEL_MODES } from '../domain/vocabulary';
import { FunnelService, type FunnelStepResult } from '../metrics/funnel.service';
import { renameList } from '../rest/parameter-names';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvRow, type CsvReport } from './report';

const STEP_COLUMNS = ['step', 'name', 'eventType', 'count', 'conversionFromStart', 'conversionFromPrevious'] as const;

const stepRow = (s: FunnelStepResult): CsvRow => ({
  step: s.index,
  name: s.name,
  eventType: s.eventType,
  count: s.count,
  conversionFromStart: s.conversionFromStart,
  conversionFromPrevious: s.conversionFromPrevious,
});

/**
 * funnel(steps, period, window = 86400, mode = ORDERED, countBy = USER, companyId, breakdownBy).
 * Each `step` is one event type, in funnel order (the per-step filters of FunnelStepInput are
 * GraphQL only). One row per step; with `breakdownBy`, one row per group and step, the group's
 * value in the first column `breakdown`.
 */
export const funnelReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'step', 'window', 'mode', 'countBy', 'breakdownBy'],
  parameterOf: renameList('steps', 'step'),
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const steps = (query.list('step') ?? []).map((eventType) => ({ eventType }));
    const window = query.int('window', 86400);
    const mode = query.enumValue('mode', FUNNEL_MODES, 'ORDERED');
    const countBy = query.enumValue('countBy', FUNNEL_COUNT_BY, 'USER');
    const breakdownBy = query.enumValue('breakdownBy', DIMENSIONS, null);
    const funnel = await services.get(FunnelService).funnel(companyId, { steps, period: args, window, mode, countBy, breakdownBy });
    if (funnel.breakdown === null) return { period, columns: STEP_COLUMNS, rows: funnel.steps.map(stepRow) };
    return {
      period,
      columns: ['breakdown', ...STEP_COLUMNS],
      rows: funnel.breakdown.flatMap((group) => group.steps.map((s) => ({ breakdown: group.value, ...stepRow(s) }))),
    };
  },
};
