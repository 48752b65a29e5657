import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import type {
  PracticeBucket as PracticeBucketModel,
  PracticeCriterion as PracticeCriterionModel,
  PracticeDurationBand as PracticeDurationBandModel,
  PracticeFigures as PracticeFiguresModel,
  PracticeLearner as PracticeLearnerModel,
  PracticeLearnerBucket as PracticeLearnerBucketModel,
  PracticeLearnerCriterion as PracticeLearnerCriterionModel,
  PracticeScenario as PracticeScenarioModel,
} from '../metrics/practice-progress.service';
import { withheld } from './privacy.description';

const SESSIONS =
  'A practice session is one `practice_session.completed` event with a user_id, in the period (from the daily practice rollups for periods of whole UTC days with DAY, WEEK or MONTH buckets in UTC; raw events otherwise; the same figures either way).';

@InterfaceType('PracticeFigures', { description: `The figures of a group of practice sessions. ${SESSIONS}` })
export abstract class PracticeFiguresFields implements PracticeFiguresModel {
  @Field(() => Int, { nullable: true, description: withheld('Practice sessions.') })
  sessions: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Distinct learners (user_id) with a session; exact.') })
  learners: number | null;

  @Field(() => Float, { nullable: true, description: withheld('Mean `score` (0-100) of the sessions that carry one; null when none did.') })
  averageScore: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld("Sum of the sessions' duration_seconds. Float because a total can pass the 32-bit GraphQL Int."),
  })
  practiceTimeSeconds: number | null;

  @Field(() => Float, { nullable: true, description: withheld('practiceTimeSeconds divided by sessions.') })
  averageDurationSeconds: number | null;
}

@ObjectType({ implements: PracticeFiguresFields, description: `The practice sessions of one time bucket (granularity, in the period's timezone). ${SESSIONS}` })
export class PracticeBucket extends PracticeFiguresFields implements PracticeBucketModel {
  @Field({ description: 'Bucket label: the first day YYYY-MM-DD (YYYY-MM-DDTHH:00 for HOUR).' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'Start of the bucket as a UTC instant.' })
  start: Date;
}

@ObjectType({
  implements: PracticeFiguresFields,
  description: `One practice scenario (\`properties.scenario_id\`, a string; sessions without one are in no scenario). ${SESSIONS}`,
})
export class PracticeScenario extends PracticeFiguresFields implements PracticeScenarioModel {
  @Field(() => ID, { description: 'properties.scenario_id.' })
  scenarioId: string;

  @Field(() => Float, { nullable: true, description: withheld("The scenario's sessions divided by all sessions of the period (0-1).") })
  shareOfSessions: number | null;

  @Field(() => [PracticeBucket], {
    description: "The scenario's score progression: one entry per bucket with a session of it, in time order; each thresholded on its own learners.",
  })
  progression: PracticeBucket[];
}

@ObjectType({
  description:
    'One assessment criterion (a key of `properties.criteria`, whose value is a number 0-100, e.g. {"fluency": 72}); a value that is not a JSON number is ignored.',
})
export class PracticeCriterion implements PracticeCriterionModel {
  @Field({ description: 'The key in properties.criteria.' })
  criterion: string;

  @Field(() => Int, { nullable: true, description: withheld('Sessions that scored the criterion.') })
  sessions: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Distinct learners of those sessions; exact.') })
  learners: number | null;

  @Field(() => Float, { nullable: true, description: withheld("Mean of the criterion's scores over those sessions.") })
  averageScore: number | null;
}

@ObjectType({ description: 'Sessions whose duration_seconds is in [fromSeconds, toSeconds).' })
export class PracticeDurationBand implements PracticeDurationBandModel {
  @Field(() => Int)
  fromSeconds: number;

  @Field(() => Int, { nullable: true, description: 'Exclusive upper bound; null for the last band (no upper bound).' })
  toSeconds: number | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Sessions in the band. Thresholded on the learners of the band, with a second band withheld next to a lone withheld one (the bands add up to the sessions).',
    ),
  })
  sessions: number | null;

  @Field(() => Float, { nullable: true, description: withheld('sessions divided by all sessions of the period (0-1).') })
  share: number | null;
}

@ObjectType({
  implements: PracticeFiguresFields,
  description: `Practice progress in the period (the analytics specification's user and content reports). ${SESSIONS}`,
})
export class PracticeProgress extends PracticeFiguresFields {
  @Field(() => [PracticeBucket], {
    description: 'Score progression of all learners: one entry per bucket with a session, in time order; each thresholded on its own learners.',
  })
  scoreProgression: PracticeBucket[];

  @Field(() => [PracticeScenario], {
    description:
      'Popular scenarios: most sessions first (ties by id). Partner views leave out scenarios under k learners (extensions.privacy.withheldGroups) and withhold the figures of a complement, so the sessions minus the listed scenarios never give one scenario.',
  })
  scenarios: PracticeScenario[];

  @Field(() => [PracticeCriterion], {
    description:
      'Strength areas: the criteria by mean score, highest first (ties by name). Partner views leave out criteria under k learners (extensions.privacy.withheldGroups).',
  })
  strengthAreas: PracticeCriterion[];

  @Field(() => [PracticeDurationBand], {
    description:
      'Time distribution: sessions per duration band, 0-5, 5-10, 10-15, 15-20, 20-30, 30-45, 45-60 minutes and 60 or more; every band, empty ones too.',
  })
  timeDistribution: PracticeDurationBand[];
}

@ObjectType({ description: "One bucket of a learner's practice." })
export class PracticeLearnerBucket implements PracticeLearnerBucketModel {
  @Field()
  bucket: string;

  @Field(() => GraphQLDateTime)
  start: Date;

  @Field(() => Int)
  sessions: number;

  @Field(() => Float, { nullable: true, description: "Mean score of the bucket's scored sessions; null when none carried a score." })
  averageScore: number | null;
}

@ObjectType({ description: "One criterion of a learner's sessions (see PracticeCriterion)." })
export class PracticeLearnerCriterion implements PracticeLearnerCriterionModel {
  @Field()
  criterion: string;

  @Field(() => Int, { description: 'Sessions of the learner that scored it.' })
  sessions: number;

  @Field(() => Float, { description: 'Mean of those scores.' })
  averageScore: number;
}

@ObjectType({ description: `One learner's practice in the period. ${SESSIONS}` })
export class PracticeLearner implements PracticeLearnerModel {
  @Field(() => ID, { description: 'The user_id.' })
  userId: string;

  @Field(() => Int)
  sessions: number;

  @Field(() => Float, { nullable: true, description: 'Mean score of the scored sessions; null when none carried a score.' })
  averageScore: number | null;

  @Field(() => Float, { nullable: true, description: 'Score of the earliest scored session (ties by event_id).' })
  firstScore: number | null;

  @Field(() => Float, { nullable: true, description: 'Score of the latest scored session (ties by event_id).' })
  lastScore: number | null;

  @Field(() => Float, { nullable: true, description: 'lastScore minus firstScore: positive when the learner improved.' })
  scoreChange: number | null;

  @Field(() => Float, { description: 'Sum of duration_seconds.' })
  practiceTimeSeconds: number;

  @Field(() => [PracticeLearnerCriterion], { description: "The learner's strength areas, highest mean first (ties by name)." })
  strengthAreas: PracticeLearnerCriterion[];

  @Field(() => [PracticeLearnerBucket], { description: "The learner's score progression: one entry per bucket with a session, in time order." })
  progression: PracticeLearnerBucket[];
}

export const PRACTICE_PROGRESS_QUERY =
  'Practice progress: score progression over time (overall and per scenario), popular scenarios, strength areas by criterion and the distribution of session durations, from practice_session.completed events (properties.scenario_id, properties.criteria, score, duration_seconds), read from the daily practice rollups for periods of whole UTC days, raw events otherwise. Exact counts. Partner views withhold every group (bucket, scenario, criterion, the period) with fewer than k learners. Per learner: practiceLearners.';

export const PRACTICE_LEARNERS_QUERY =
  "Practice progress per learner: sessions, mean, first and last score, time, strength areas and score progression; most sessions first (ties by user_id), at most `limit`. A learner-level read: a partner token needs the `learners:read` scope (and reads its own company's learners); not thresholded.";
