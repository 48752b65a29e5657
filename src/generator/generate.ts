import type { LearningEvent } from '../domain/event';
import { LearnerJourney } from './journeys';
import { learnerProfile } from './learners';
import type { GeneratorOptions } from './options';
import { validateOptions } from './options';
import { AnonymousVisitors } from './visitors';
import type { World } from './world';
import { buildWorld } from './world';

export type { GeneratorOptions } from './options';

/** Share of all events that come from anonymous visitors who never register. */
const VISITOR_SHARE = 0.06;

/**
 * Exactly `options.events` realistic learning events, deterministic for the same options.
 *
 * Streams: memory is bounded by the catalogue and one learner's state, not by the number of
 * events. Learners come one after another (each one's events in time order); anonymous
 * visitor traffic is interleaved between them. The output is not globally sorted by time.
 *
 * Validates the options eagerly (RangeError) before the first event is requested.
 */
export function generateEvents(options: GeneratorOptions): Generator<LearningEvent> {
  validateOptions(options);
  return stream(buildWorld(options), options);
}

function* stream(world: World, options: GeneratorOptions): Generator<LearningEvent> {
  const { learners } = options;
  const visitorEvents = Math.floor(options.events * VISITOR_SHARE);
  const learnerEvents = options.events - visitorEvents;

  // Pass 1: every learner's weight, to split the budget. Profiles are cheap to derive again,
  // so only the total is kept instead of an array of profiles.
  let totalWeight = 0;
  for (let i = 0; i < learners; i++) totalWeight += learnerProfile(world, i).weight;

  // Pass 2: learner i gets the events between round(N * cum(i-1)) and round(N * cum(i)); the
  // same additions in the same order end at exactly totalWeight, so the budgets sum to N.
  const visitors = new AnonymousVisitors(world);
  let cumulativeWeight = 0;
  let assigned = 0;
  let visitorsAssigned = 0;
  for (let i = 0; i < learners; i++) {
    const learner = learnerProfile(world, i);
    cumulativeWeight += learner.weight;
    const upTo = i === learners - 1 ? learnerEvents : Math.round((learnerEvents * cumulativeWeight) / totalWeight);
    const budget = upTo - assigned;
    assigned = upTo;
    if (budget > 0) yield* new LearnerJourney(world, learner).events(budget);

    const visitorsUpTo = Math.floor((visitorEvents * (i + 1)) / learners);
    if (visitorsUpTo > visitorsAssigned) {
      yield* visitors.take(visitorsUpTo - visitorsAssigned);
      visitorsAssigned = visitorsUpTo;
    }
  }
}
