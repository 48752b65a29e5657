import { VideoEngagementService } from '../metrics/video-engagement.service';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvReport } from './report';

const TENTHS = Array.from({ length: 10 }, (_, i) => `viewersRemaining${i}`);
const COLUMNS = ['lessonId', 'courseId', 'plays', 'uniqueViewers', 'averageShareWatched', 'completions', 'completionRate', ...TENTHS] as const;

/**
 * videoEngagement(courseId or lessonId, period, companyId, limit): one row per video;
 * viewersRemaining as ten columns (viewersRemaining0 = viewers who reached the first tenth).
 */
export const videoEngagementReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'courseId', 'lessonId', 'limit'],
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const videos = await services
      .get(VideoEngagementService)
      .videos(args, companyId, { courseId: query.string('courseId'), lessonId: query.string('lessonId') }, query.int('limit', 50));
    const rows = videos.map(({ viewersRemaining, ...v }) => ({ ...v, ...Object.fromEntries(TENTHS.map((c, i) => [c, viewersRemaining?.[i] ?? null])) }));
    return { period, columns: COLUMNS, rows };
  },
};
