import { useState } from 'react';
import { CourseEngagementTrendsDocument, type CourseOrder, type Granularity } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { Sparkline } from '../components/charts';
import { daysBetween } from '../period/period';
import { exportPeriod, usePeriod } from '../period/period-context';
import { hrefOf } from '../router';

const ORDERS: { value: CourseOrder; label: string }[] = [
  { value: 'ENROLLMENTS_DESC', label: 'Most enrollments' },
  { value: 'ACTIVE_LEARNERS_DESC', label: 'Most active learners' },
  { value: 'COMPLETIONS_DESC', label: 'Most completions' },
  { value: 'LEARNING_TIME_DESC', label: 'Most learning time' },
  { value: 'COURSE_ID_ASC', label: 'Course id' },
];

export const COURSE_LIMIT = 20;

/** Sparkline buckets: days for up to ~6 weeks, weeks beyond (a 90-day line of days is noise at 96 px). */
export function trendGranularity(from: string, to: string): Granularity {
  return daysBetween(from, to) > 45 ? 'WEEK' : 'DAY';
}

export function CoursesPage() {
  const { period, query: periodQuery } = usePeriod();
  const [orderBy, setOrderBy] = useState<CourseOrder>('ENROLLMENTS_DESC');
  const granularity = trendGranularity(String(period.from), String(period.to));
  const query = useQuery(CourseEngagementTrendsDocument, { period, orderBy, limit: COURSE_LIMIT, granularity });

  const orderControl = (
    <label className="inline-control">
      Order{' '}
      <select value={orderBy} onChange={(e) => setOrderBy(e.target.value as CourseOrder)} aria-label="Order courses by">
        {ORDERS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="grid">
      <QueryPanel
        id="courses"
        title="Course engagement"
        subtitle={`Top ${COURSE_LIMIT} courses with learning activity in the period; trend: active learners per ${granularity === 'DAY' ? 'day' : 'week'}`}
        query={query}
        controls={orderControl}
        wide
        csv={() => ({ kind: 'server', report: 'course-engagement', params: { ...exportPeriod(period), orderBy, limit: COURSE_LIMIT } })}
      >
        {(data) =>
          data.courses.length === 0 ? (
            <p className="empty-state">No learning activity in this period.</p>
          ) : (
            <div className="table-scroll">
              <table className="engagement">
                <thead>
                  <tr>
                    <th scope="col">Course</th>
                    <th scope="col" className="num">
                      Active learners
                    </th>
                    <th scope="col" className="num">
                      Enrollments
                    </th>
                    <th scope="col" className="num">
                      Completions
                    </th>
                    <th scope="col" className="num">
                      Completion rate
                    </th>
                    <th scope="col" className="num">
                      Avg quiz score
                    </th>
                    <th scope="col" className="num">
                      Quiz pass rate
                    </th>
                    <th scope="col" className="num">
                      Learning time
                    </th>
                    <th scope="col">Trend</th>
                  </tr>
                </thead>
                <tbody>
                  {data.courses.map((course, i) => {
                    const e = course.engagement;
                    const p = (field: string) => ['courses', i, 'engagement', field];
                    return (
                      <tr key={course.id} data-course={course.id}>
                        <th scope="row">
                          <a href={hrefOf(['courses', course.id], periodQuery)}>{course.id}</a>
                        </th>
                        <td className="num">
                          <Figure value={e.activeLearners} kind="int" path={p('activeLearners')} />
                        </td>
                        <td className="num">
                          <Figure value={e.enrollments} kind="int" path={p('enrollments')} />
                        </td>
                        <td className="num">
                          <Figure value={e.completions} kind="int" path={p('completions')} />
                        </td>
                        <td className="num">
                          <Figure value={e.completionRate} kind="percent" path={p('completionRate')} />
                        </td>
                        <td className="num">
                          <Figure value={e.averageQuizScore} kind="score" path={p('averageQuizScore')} />
                        </td>
                        <td className="num">
                          <Figure value={e.quizPassRate} kind="percent" path={p('quizPassRate')} />
                        </td>
                        <td className="num">
                          <Figure value={e.learningTimeSeconds} kind="hours" path={p('learningTimeSeconds')} />
                        </td>
                        <td>
                          <Sparkline
                            values={e.series.map((s) => s.activeLearners ?? null)}
                            label={`Active learners of ${course.id} per ${granularity === 'DAY' ? 'day' : 'week'}`}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryPanel>
    </div>
  );
}
