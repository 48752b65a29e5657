import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { VideoStats as VideoStatsModel } from '../metrics/video-engagement.service';
import { withheld } from './privacy.description';

@ObjectType({
  description:
    "How one video (the video of a lesson, by lesson_id) was watched in the period, from its `video.progressed` events (a viewer is a user_id; for whole UTC days from a daily rollup of each viewer's furthest point and plays, otherwise from raw events; the same figures either way). An event's point is `properties.percent` / 100 when sent (the course platform's 25/50/75/100 milestones), else `properties.position_seconds` / `properties.length_seconds`, capped at 1; a viewer's furthest point is the largest over the period. Positions say how far a viewer got, not which parts were watched: a seek to the end counts as reaching it.",
})
export class VideoStats implements VideoStatsModel {
  @Field(() => ID, { description: 'lesson_id of the video.' })
  lessonId: string;

  @Field(() => ID, { description: "course_id of the video's events ('' when they name none)." })
  courseId: string;

  @Field(() => Int, {
    nullable: true,
    description: withheld('Viewing sessions: distinct (viewer, session_id) pairs; events without session_id count one session per viewer and UTC day.'),
  })
  plays: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Distinct viewers; exact.') })
  uniqueViewers: number | null;

  @Field(() => Float, { nullable: true, description: withheld('Mean over viewers of the furthest point each reached (0-1).') })
  averageShareWatched: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Viewers whose furthest point is at least 0.9 (watched at least 90%).') })
  completions: number | null;

  @Field(() => Float, { nullable: true, description: withheld('completions / uniqueViewers (0-1).') })
  completionRate: number | null;

  @Field(() => [Int], {
    nullable: true,
    description: withheld(
      'Viewers remaining per tenth of the video: item k (0-9) counts the viewers whose furthest point is at least (k + 1) / 10, so item 0 is who got past the first tenth and item 9 who reached the end.',
    ),
  })
  viewersRemaining: number[] | null;
}

export const VIDEO_ENGAGEMENT_QUERY =
  "Video engagement: every video of a course (courseId) or one lesson's video (lessonId: give exactly one) with `video.progressed` events in the period, most viewers first (ties by lesson id), at most `limit`. From the daily viewer rollup for periods of whole UTC days, raw events otherwise; counts exact. Partner views leave out a video with fewer than k viewers (counted in extensions.privacy.withheldGroups) and decide on the whole list before `limit`; a video withheld as a complement has null figures and is listed last.";
