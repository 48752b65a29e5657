import type DataLoader from 'dataloader';
import type { CompanyLearningCounts } from '../clickhouse/repositories/company-learning.repository';
import type { CohortCounts, CourseEngagementCounts, CourseEngagementTotalsRow } from '../clickhouse/repositories/course-engagement.repository';
import type { Services } from '../services';
import { NO_COMPANY_LEARNING } from './company-learning.service';
import { NO_COHORT, NO_COURSE_ENGAGEMENT } from './course-engagement.service';
import { groupedLoader, type GroupedKey } from './grouped-loader';
import { seriesKey, totalsKey, type MetricFilter, type SeriesFilter } from './metric-filter';

type Loader<G, V> = DataLoader<GroupedKey<G>, V, string>;

/** The request's DataLoaders (one set per GraphQL request, built in createContext). */
export interface Loaders {
  courseEngagement: Loader<MetricFilter, CourseEngagementTotalsRow>;
  courseCohort: Loader<MetricFilter, CohortCounts>;
  /** Per course: bucket label -> counts (empty buckets absent). */
  courseSeries: Loader<SeriesFilter, Map<string, CourseEngagementCounts>>;
  companyLearning: Loader<MetricFilter, CompanyLearningCounts>;
  companySeries: Loader<SeriesFilter, Map<string, CompanyLearningCounts>>;
}

export function createLoaders(services: Pick<Services, 'courseEngagement' | 'companyLearning'>): Loaders {
  const course = services.courseEngagement;
  const company = services.companyLearning;
  return {
    courseEngagement: groupedLoader({ groupKey: totalsKey, fetch: course.fetchTotals, missing: () => NO_COURSE_ENGAGEMENT }),
    courseCohort: groupedLoader({ groupKey: totalsKey, fetch: course.fetchCohort, missing: () => NO_COHORT }),
    courseSeries: groupedLoader({ groupKey: seriesKey, fetch: course.fetchSeries, missing: () => new Map() }),
    companyLearning: groupedLoader({ groupKey: totalsKey, fetch: company.fetchTotals, missing: () => NO_COMPANY_LEARNING }),
    companySeries: groupedLoader({ groupKey: seriesKey, fetch: company.fetchSeries, missing: () => new Map() }),
  };
}
