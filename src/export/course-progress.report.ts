import { CourseProgressService } from '../metrics/course-progress.service';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport } from './report';

const COLUMNS = [
  'position',
  'lessonId',
  'inCatalog',
  'title',
  'type',
  'moduleId',
  'moduleTitle',
  'modulePosition',
  'expectedDurationSeconds',
  'started',
  'completed',
  'completionRate',
  'dropOffFromPrevious',
  'medianTimeSpentSeconds',
] as const;

/** courseProgress(courseId, period, companyId).lessons: one row per lesson in curriculum order. */
export const courseProgressReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'courseId'],
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const courseId = query.required('courseId');
    const service = services.get(CourseProgressService);
    const lessons = await service.lessons(service.progress(courseId, args, companyId));
    return { period, columns: COLUMNS, rows: lessons.map((l) => ({ ...l, inCatalog: String(l.inCatalog) })) };
  },
};
