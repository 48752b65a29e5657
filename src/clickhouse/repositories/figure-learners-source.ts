import { bucketCut, type Period } from '../../domain/period';
import type { Granularity } from '../../domain/vocabulary';
import { coversWholeUtcDays } from '../rollup-source';

/** Where the learner groups are read: the daily rollup (0095) for whole UTC days, raw events otherwise. */
export type FigureLearnersSource = 'rollup' | 'raw';

/** The daily rollup answers a period of whole UTC days, and buckets whose every boundary is a UTC midnight. */
export const figureLearnersSourceFor = (period: Period, granularity: Granularity | null): FigureLearnersSource =>
  (granularity === null ? coversWholeUtcDays(period) : bucketCut(period, granularity) === 'utc-days') ? 'rollup' : 'raw';

export const checkFigureLearnersSource = (source: FigureLearnersSource, period: Period, granularity: Granularity | null) => {
  if (source === 'rollup' && figureLearnersSourceFor(period, granularity) !== 'rollup')
    throw new Error(
      `rollup_learner_figures_daily answers whole UTC days only (period ${period.from}..${period.to} ${period.timezone}, ${granularity ?? 'no'} buckets)`,
    );
};
