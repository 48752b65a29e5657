import { Arg, Args, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { COST } from '../limits/costs';
import { VideoEngagementService } from '../metrics/video-engagement.service';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import { VIDEO_ENGAGEMENT_QUERY, VideoStats } from '../schema/video-engagement.type';
import type { Context } from './context';

@Resolver()
export class VideoEngagementResolver {
  @Query(() => [VideoStats], { complexity: COST.RAW_QUERY, description: VIDEO_ENGAGEMENT_QUERY })
  videoEngagement(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('courseId', () => ID, { nullable: true, description: 'Every video whose events name this course_id. Give this or lessonId.' }) courseId: string | null,
    @Arg('lessonId', () => ID, { nullable: true, description: "One lesson's video (lesson_id). Give this or courseId." }) lessonId: string | null,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'Most videos returned, 1 to 500.' }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(VideoEngagementService).videos(period, companyId ?? null, { courseId, lessonId }, limit);
  }
}
