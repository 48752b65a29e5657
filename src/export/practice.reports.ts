import { GRANULARITIES } from '../domain/vocabulary';
import { PracticeProgressService } from '../metrics/practice-progress.service';
import { iso, PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport, type CsvRow } from './report';

const FIGURES = ['sessions', 'learners', 'averageScore', 'practiceTimeSeconds', 'averageDurationSeconds'] as const;

/**
 * practiceProgress as CSV, one report per part (each is one table). `granularity` (default
 * WEEK) cuts the progression; the figures are those of the GraphQL fields.
 */
function practiceReport(
  parameters: readonly string[],
  run: (service: PracticeProgressService, ref: ReturnType<PracticeProgressService['progress']>) => Promise<{ columns: readonly string[]; rows: CsvRow[] }>,
): CsvReport {
  return {
    parameters: [...PERIOD_PARAMETERS, 'companyId', ...parameters],
    async run(query, services) {
      const granularity = query.enumValue('granularity', GRANULARITIES, 'WEEK');
      const { args, period } = readPeriod(query, services, granularity);
      const service = services.get(PracticeProgressService);
      const table = await run(service, service.progress(args, readCompanyId(query), granularity));
      return { period, ...table };
    },
  };
}

/** scoreProgression (scenarioId empty), then each scenario's progression, most popular scenario first. */
export const practiceProgressionReport = practiceReport(['granularity'], async (service, ref) => {
  const [all, scenarios] = await Promise.all([service.scoreProgression(ref), service.scenarios(ref)]);
  const rows = [
    ...all.map((b) => ({ scenarioId: null, ...b, start: iso(b.start) })),
    ...scenarios.flatMap((s) => s.progression.map((b) => ({ scenarioId: s.scenarioId, ...b, start: iso(b.start) }))),
  ];
  return { columns: ['scenarioId', 'bucket', 'start', ...FIGURES], rows };
});

/** Popular scenarios, most sessions first. */
export const practiceScenariosReport = practiceReport([], async (service, ref) => ({
  columns: ['scenarioId', ...FIGURES, 'shareOfSessions'],
  rows: (await service.scenarios(ref)).map(({ progression: _progression, ...s }) => s),
}));

/** Strength areas, highest mean first. */
export const practiceStrengthAreasReport = practiceReport([], async (service, ref) => ({
  columns: ['criterion', 'sessions', 'learners', 'averageScore'],
  rows: (await service.strengthAreas(ref)).map((c) => ({ ...c })),
}));

/** Time distribution: sessions per duration band (toSeconds empty for the last). */
export const practiceTimeDistributionReport = practiceReport([], async (service, ref) => ({
  columns: ['fromSeconds', 'toSeconds', 'sessions', 'share'],
  rows: (await service.timeDistribution(ref)).map((b) => ({ ...b })),
}));

/** practiceLearners: one row per learner with the strongest and weakest criterion (learners:read for partners). */
export const practiceLearnersReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'userId', 'limit'],
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const learners = await services.get(PracticeProgressService).learners(args, readCompanyId(query), 'WEEK', query.string('userId'), query.int('limit', 100));
    return {
      period,
      columns: [
        'userId',
        'sessions',
        'averageScore',
        'firstScore',
        'lastScore',
        'scoreChange',
        'practiceTimeSeconds',
        'strongestCriterion',
        'weakestCriterion',
      ],
      rows: learners.map(({ strengthAreas, progression: _progression, ...l }) => ({
        ...l,
        strongestCriterion: strengthAreas[0]?.criterion ?? null,
        weakestCriterion: strengthAreas[strengthAreas.length - 1]?.criterion ?? null,
      })),
    };
  },
};
