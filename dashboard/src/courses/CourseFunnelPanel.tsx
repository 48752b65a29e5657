import { FunnelDocument, type FunnelStepInput } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { FunnelView, funnelCsv } from '../components/FunnelView';
import { QueryPanel } from '../components/Panel';
import { csvName } from '../period/period-context';
import type { CoursePanelProps } from './course-panel-props';

/** Thirty days from viewing the course to completing it. */
export const COURSE_FUNNEL_WINDOW = 30 * 86_400;

export function courseFunnelSteps(courseId: string): FunnelStepInput[] {
  return [
    { eventType: 'course.viewed', courseId, name: 'Viewed' },
    { eventType: 'course.enrolled', courseId, name: 'Enrolled' },
    { eventType: 'lesson.completed', courseId, name: 'Completed a lesson' },
    { eventType: 'course.completed', courseId, name: 'Completed the course' },
  ];
}

export function CourseFunnelPanel({ courseId, period }: CoursePanelProps) {
  const query = useQuery(FunnelDocument, { period, steps: courseFunnelSteps(courseId), window: COURSE_FUNNEL_WINDOW, breakdownBy: 'PLATFORM' });
  return (
    <QueryPanel
      id="course-funnel"
      title="Funnel"
      subtitle="Learners from viewing the course to completing it, within 30 days of the view"
      query={query}
      wide
      csv={(data) => funnelCsv(data.funnel, csvName(`course-funnel-${courseId}`, period))}
    >
      {(data) => <FunnelView funnel={data.funnel} breakdownLabel="platform" />}
    </QueryPanel>
  );
}
