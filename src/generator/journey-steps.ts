import type { LearningEvent } from '../domain/event';
import type { LearnerProfile } from './learners';
import type { Random } from './random';

/** Something a back-end service does later, outside any session (renewals, a booked consultation). */
export interface ScheduledWork {
  at: number;
  kind: 'renewal' | 'dunning-cancel' | 'consultation';
  detail: string;
}

/**
 * What a part of a journey (billing, for one) needs from the journey that runs it: the
 * learner's random stream and identity, the current time, and ways to plan events.
 */
export interface JourneySteps {
  readonly rng: Random;
  readonly learner: LearnerProfile;
  /** Time of the last emitted event (epoch ms), for scheduling follow-ups. */
  readonly now: number;
  /** A new event of this learner with identity fields filled in. */
  make(type: string, source: string): LearningEvent;
  /** Plan an event in the current session, `gapSeconds` after the previous one. */
  push(event: LearningEvent, gapSeconds: number): void;
  pageView(page: string, gapSeconds: number): void;
  click(page: string, element: string, gapSeconds: number): void;
  schedule(work: ScheduledWork): void;
}
