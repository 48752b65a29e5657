/**
 * The panels of a course's page, in order. Each is its own component with its own query, so a
 * new one is a file and a line here; planned: the curriculum drop-off (`courseProgress`) and the
 * quiz items (`quizItems`) once the API has those fields.
 */
import type { ComponentType } from 'react';
import type { CoursePanelProps } from './course-panel-props';
import { CourseEngagementPanel } from './CourseEngagementPanel';
import { CourseFunnelPanel } from './CourseFunnelPanel';

export const COURSE_PANELS: { id: string; Panel: ComponentType<CoursePanelProps> }[] = [
  { id: 'course-engagement', Panel: CourseEngagementPanel },
  { id: 'course-funnel', Panel: CourseFunnelPanel },
];
