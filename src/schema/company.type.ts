import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { MAX_LIMIT } from '../domain/arguments';
import { withheld } from './privacy.description';
import type {
  CompanyLearningPoint as CompanyLearningPointModel,
  CompanyLearningSummary as CompanyLearningSummaryModel,
} from '../metrics/company-learning.service';

const ACTIVE_LEARNERS =
  'Distinct user_id of the company with a learning event (course.*, module.*, lesson.*, quiz.completed, practice_session.completed). Exact (uniqExact, error 0).';
const LEARNING_TIME = "Sum of duration_seconds of the company's learning events, whole seconds. Float because a total can pass the 32-bit GraphQL Int.";

@ObjectType({ description: "One calendar bucket of a company's learning (zero when nothing happened)." })
export class CompanyLearningPoint implements CompanyLearningPointModel {
  @Field(() => String, { description: 'Bucket label in the period timezone: `YYYY-MM-DD` (first day of the bucket) or `YYYY-MM-DDTHH:00` for hours.' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'The UTC instant the bucket starts at.' })
  start: Date;

  @Field(() => Int, { nullable: true, description: withheld(ACTIVE_LEARNERS) })
  activeLearners: number | null;

  @Field(() => Int, { nullable: true, description: withheld('course.completed events.') })
  coursesCompleted: number | null;

  @Field(() => Float, { nullable: true, description: withheld(LEARNING_TIME) })
  learningTimeSeconds: number | null;

  @Field(() => Int, { nullable: true, description: withheld('certificate.issued events.') })
  certificatesIssued: number | null;
}

@ObjectType({
  description:
    "Learning by one enterprise customer's learners over a period, from the daily rollup rollup_company_learning_daily for whole UTC days, otherwise the hourly rollup rollup_company_learning (raw events for zones off the whole hour); every figure is exact from every source (error 0). Solo learners (no company) are never included.",
})
export class CompanyLearningSummary implements Omit<CompanyLearningSummaryModel, 'filter' | 'granularity'> {
  @Field(() => ID, { description: 'The company (company_id of the events).' })
  companyId: string;

  @Field(() => Int, { nullable: true, description: withheld(`${ACTIVE_LEARNERS} In the period.`) })
  activeLearners: number | null;

  @Field(() => Int, { nullable: true, description: withheld('course.completed events in the period (events, not distinct courses).') })
  coursesCompleted: number | null;

  @Field(() => Float, { nullable: true, description: withheld(LEARNING_TIME) })
  learningTimeSeconds: number | null;

  @Field(() => Int, { nullable: true, description: withheld('certificate.issued events in the period.') })
  certificatesIssued: number | null;

  @Field(() => [CompanyLearningPoint], {
    nullable: true,
    description:
      'The same figures per calendar bucket of the period timezone, zero-filled, when `granularity` was given to companyLearningSummary; null otherwise (and always null in `companies`).',
  })
  series: CompanyLearningPoint[] | null;
}

export const COMPANY_QUERIES = {
  companyLearningSummary: "Learning by one company's learners over the period, with a zero-filled series when `granularity` is given.",
  companies: `Learning per company over the period, all loaded in one query. With \`ids\`: exactly those companies, in the order given, an id given twice listed once (zeros when no activity). Without: the companies with any event in the period, most active learners first (ties by company id), at most ${MAX_LIMIT}.`,
} as const;
