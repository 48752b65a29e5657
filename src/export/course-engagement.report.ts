import { COURSE_ORDERS } from '../domain/vocabulary';
import { CourseEngagementService } from '../metrics/course-engagement.service';
import { renameList } from '../rest/parameter-names';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport } from './report';

const COLUMNS = [
  'courseId',
  'enrollments',
  'completions',
  'completionRate',
  'cohortCompletionRate',
  'activeLearners',
  'learningTimeSeconds',
  'averageTimeSpentSeconds',
  'averageQuizScore',
  'quizPassRate',
  'lessonCompletions',
] as const;

/**
 * courseEngagement for several courses (GraphQL `courses { engagement }` plus
 * cohortCompletionRate). `courseId` repeated: exactly those courses, in the order given;
 * without: the courses with activity in the period, by `orderBy` (default ENROLLMENTS_DESC),
 * at most `limit` (default 50). Rates without a denominator are empty cells. Every course's
 * figures come through the request's loaders: one query for the totals, one for the cohorts.
 */
export const courseEngagementReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'courseId', 'orderBy', 'limit'],
  parameterOf: renameList('ids', 'courseId'),
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const ids = query.list('courseId');
    const orderBy = query.enumValue('orderBy', COURSE_ORDERS, 'ENROLLMENTS_DESC');
    const limit = query.int('limit', 50);
    const service = services.get(CourseEngagementService);
    const courses = await service.courses(args, companyId, ids, orderBy, limit);
    const rows = await Promise.all(
      courses.map(async (course) => {
        const e = await service.engagementOf(course);
        const cohortCompletionRate = await service.cohortCompletionRate(e);
        return {
          courseId: e.courseId,
          enrollments: e.enrollments,
          completions: e.completions,
          completionRate: e.completionRate,
          cohortCompletionRate,
          activeLearners: e.activeLearners,
          learningTimeSeconds: e.learningTimeSeconds,
          averageTimeSpentSeconds: e.averageTimeSpentSeconds,
          averageQuizScore: e.averageQuizScore,
          quizPassRate: e.quizPassRate,
          lessonCompletions: e.lessonCompletions,
        };
      }),
    );
    return { period, columns: COLUMNS, rows };
  },
};
