import type { PeriodInput } from '../../../client/generated/graphql';

/** What every panel of a course's page is given (its own file: course-panels.ts lists the panels, which import this). */
export interface CoursePanelProps {
  courseId: string;
  period: PeriodInput;
}
