/**
 * The panels of a course's page, in order. Each is its own component with its own query, so a
 * new one is a file and a line here.
 */
import type { ComponentType } from 'react';
import type { CoursePanelProps } from './course-panel-props';
import { CourseEngagementPanel } from './CourseEngagementPanel';
import { CourseFunnelPanel } from './CourseFunnelPanel';
import { CourseProgressPanel } from './CourseProgressPanel';
import { CourseQuizItemsPanel } from './CourseQuizItemsPanel';

export const COURSE_PANELS: { id: string; Panel: ComponentType<CoursePanelProps> }[] = [
  { id: 'course-engagement', Panel: CourseEngagementPanel },
  { id: 'course-funnel', Panel: CourseFunnelPanel },
  { id: 'course-progress', Panel: CourseProgressPanel },
  { id: 'course-quiz-items', Panel: CourseQuizItemsPanel },
];
