import type { Period } from '../../domain/period';
import type { FunnelStep } from '../../domain/arguments';
import type { FunnelMode } from '../../domain/vocabulary';
import type { DimensionColumn } from '../dimension-columns';

/** The column that identifies who converts: a learner or one session. */
export type FunnelEntity = 'user_id' | 'session_id';

/** Which events count as one step: all given conditions hold (the name is not read here). */
export type FunnelStepFilter = Omit<FunnelStep, 'name'>;

export interface FunnelQuery {
  period: Pick<Period, 'fromUtc' | 'toUtc'>;
  steps: readonly FunnelStepFilter[];
  windowSeconds: number;
  mode: FunnelMode;
  entity: FunnelEntity;
  /** Group entities by this column's value on their first step-1 event; null = one group ''. */
  breakdown: DimensionColumn | null;
  /**
   * Session funnels only: also count the distinct learners (user_id) behind the sessions that
   * reached each step, per group and over all groups (the privacy threshold of partner views).
   */
  withLearners?: boolean;
}
