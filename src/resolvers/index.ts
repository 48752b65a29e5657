import type { NonEmptyArray } from 'type-graphql';
import { ActiveUsersResolver } from './active-users.resolver';
import { CompanyResolver } from './company.resolver';
import { CourseEngagementResolver } from './course-engagement.resolver';
import { CourseResolver } from './course.resolver';
import { IngestResolver } from './ingest.resolver';
import { ServerInfoResolver } from './server-info.resolver';
import { CampaignsResolver } from './campaigns.resolver';
import { ContentResolver } from './content.resolver';
import { EventCountsResolver } from './event-counts.resolver';
import { EventMetricsResolver } from './event-metrics.resolver';
import { LearnerResolver } from './learner.resolver';
import { RevenueResolver } from './revenue.resolver';
import { FunnelResolver } from './funnel.resolver';
import { RetentionResolver } from './retention.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [ServerInfoResolver, IngestResolver, ActiveUsersResolver, CourseEngagementResolver, CourseResolver, CompanyResolver, EventCountsResolver, CampaignsResolver, ContentResolver, RevenueResolver, LearnerResolver, EventMetricsResolver, FunnelResolver, RetentionResolver];
