import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ContentStats as ContentStatsModel } from '../metrics/content.service';
import type { ContentKind } from '../domain/vocabulary';
import { ContentKindEnum } from './enums';
import { withheld, WITHHELD_GROUPS } from './privacy.description';

@ObjectType({
  description:
    'Engagement with one course, lesson or page in the period. Served from the daily rollup rollup_content_daily for periods of whole UTC days, otherwise the hourly rollup rollup_content (raw events for zones off the whole hour); every figure is exact from every source (count / uniqExact / sum / avg states: error 0). An event is about a course when it is a course.*, module.* or lesson.* event with that course_id; about a lesson when it is a lesson.* event with that lesson_id; about a page when it is a page.viewed event with that page. So a lesson event counts for both its lesson and its course.',
})
export class ContentStats implements ContentStatsModel {
  @Field(() => ContentKindEnum, { description: 'Course, lesson or page.' })
  kind: ContentKind;

  @Field(() => ID, { description: 'course_id, lesson_id, or the page path.' })
  id: string;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'View events about the content in the period: `course.viewed` and `lesson.started` for a course, `lesson.started` for a lesson, `page.viewed` for a page. From the rollup.',
    ),
  })
  views: number | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Distinct viewers among the view events: user_id, or anonymous_id for visitors not signed in. From the rollup; exact (uniqExact, error 0).',
    ),
  })
  uniqueViewers: number | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Completion events about the content in the period: for a course, `course.completed` plus `lesson.completed` of its lessons; for a lesson, `lesson.completed`; always 0 for a page. From the rollup.',
    ),
  })
  completions: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'Total duration_seconds of every event about this content in the period, divided by uniqueViewers (time per viewer); null when there were no viewers. From the rollup.',
    ),
  })
  averageTimeSeconds: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'Mean score (0-100) of the events about this content in the period that carry a score; null when none did. quiz.completed and practice_session.completed events are not about a course or lesson here (see courseEngagement for quiz scores). From the rollup; an exact mean, not a mean of daily or hourly means.',
    ),
  })
  averageScore: number | null;
}

export const TOP_CONTENT_QUERY =
  'The most viewed courses, lessons or pages of the period: content with at least one view, most views first (ties by id). Served from the daily or hourly rollup (rollup_content_daily / rollup_content); exact (error 0).' +
  ' ' +
  WITHHELD_GROUPS;
