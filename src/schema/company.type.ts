import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

const ACTIVE_LEARNERS =
  'Distinct user_id of the company with a learning event (course.*, module.*, lesson.*, quiz.completed, practice_session.completed). Exact (uniqExact).';
const LEARNING_TIME = 'Sum of duration_seconds of the company\'s learning events, whole seconds. Float because a total can pass the 32-bit GraphQL Int.';

@ObjectType({ description: 'One calendar bucket of a company\'s learning (zero when nothing happened).' })
export class CompanyLearningPoint {
  @Field(() => String, { description: 'Bucket label in the period timezone: `YYYY-MM-DD` (first day of the bucket) or `YYYY-MM-DDTHH:00` for hours.' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'The UTC instant the bucket starts at.' })
  start: Date;

  @Field(() => Int, { description: ACTIVE_LEARNERS })
  activeLearners: number;

  @Field(() => Int, { description: 'course.completed events.' })
  coursesCompleted: number;

  @Field(() => Float, { description: LEARNING_TIME })
  learningTimeSeconds: number;

  @Field(() => Int, { description: 'certificate.issued events.' })
  certificatesIssued: number;
}

@ObjectType({
  description: 'Learning by one enterprise customer\'s learners over a period, from the hourly rollup rollup_company_learning. Solo learners (no company) are never included.',
})
export class CompanyLearningSummary {
  @Field(() => ID, { description: 'The company (company_id of the events).' })
  companyId: string;

  @Field(() => Int, { description: `${ACTIVE_LEARNERS} In the period.` })
  activeLearners: number;

  @Field(() => Int, { description: 'course.completed events in the period (events, not distinct courses).' })
  coursesCompleted: number;

  @Field(() => Float, { description: LEARNING_TIME })
  learningTimeSeconds: number;

  @Field(() => Int, { description: 'certificate.issued events in the period.' })
  certificatesIssued: number;

  @Field(() => [CompanyLearningPoint], {
    nullable: true,
    description: 'The same figures per calendar bucket of the period timezone, zero-filled, when `granularity` was given to companyLearningSummary; null otherwise (and always null in `companies`).',
  })
  series: CompanyLearningPoint[] | null;
}
