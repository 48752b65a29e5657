import { CourseEngagementDetailDocument, type Granularity } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure, WithheldNote } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { LineSeriesChart } from '../components/charts';
import { formatInt, type FigureKind } from '../format';
import { daysBetween } from '../period/period';
import { csvName } from '../period/period-context';
import type { CoursePanelProps } from './course-panel-props';

const FIGURES: {
  name:
    | 'activeLearners'
    | 'enrollments'
    | 'completions'
    | 'completionRate'
    | 'cohortCompletionRate'
    | 'lessonCompletions'
    | 'averageQuizScore'
    | 'quizPassRate'
    | 'learningTimeSeconds'
    | 'averageTimeSpentSeconds';
  label: string;
  kind: FigureKind;
}[] = [
  { name: 'activeLearners', label: 'Active learners', kind: 'int' },
  { name: 'enrollments', label: 'Enrollments', kind: 'int' },
  { name: 'completions', label: 'Completions', kind: 'int' },
  { name: 'completionRate', label: 'Completion rate', kind: 'percent' },
  { name: 'cohortCompletionRate', label: 'Cohort completion', kind: 'percent' },
  { name: 'lessonCompletions', label: 'Lessons completed', kind: 'int' },
  { name: 'averageQuizScore', label: 'Avg quiz score', kind: 'score' },
  { name: 'quizPassRate', label: 'Quiz pass rate', kind: 'percent' },
  { name: 'learningTimeSeconds', label: 'Learning time', kind: 'hours' },
  { name: 'averageTimeSpentSeconds', label: 'Time per learner', kind: 'duration' },
];

export function CourseEngagementPanel({ courseId, period }: CoursePanelProps) {
  const granularity: Granularity = daysBetween(String(period.from), String(period.to)) > 62 ? 'WEEK' : 'DAY';
  const query = useQuery(CourseEngagementDetailDocument, { courseId, period, granularity });
  return (
    <QueryPanel
      id="course-engagement"
      title="Engagement"
      subtitle={`Per ${granularity === 'DAY' ? 'day' : 'week'} of the period`}
      query={query}
      wide
      csv={(data) => ({
        kind: 'client',
        filename: csvName(`course-${courseId}`, period),
        columns: ['bucket', 'start', 'enrollments', 'completions', 'lessonCompletions', 'activeLearners', 'learningTimeSeconds'],
        rows: data.courseEngagement.series.map((s) => ({ ...s, start: String(s.start) })),
      })}
    >
      {(data) => (
        <>
          <div className="tiles">
            {FIGURES.map((f) => (
              <div className="tile small" key={f.name} data-tile={f.name}>
                <div className="tile-label">{f.label}</div>
                <div className="tile-value">
                  <Figure value={data.courseEngagement[f.name]} kind={f.kind} path={['courseEngagement', f.name]} />
                </div>
              </div>
            ))}
          </div>
          <LineSeriesChart
            label={`Enrollments, completions and active learners of ${courseId}`}
            data={data.courseEngagement.series.map((s) => ({
              bucket: s.bucket,
              enrollments: s.enrollments ?? null,
              completions: s.completions ?? null,
              activeLearners: s.activeLearners ?? null,
            }))}
            x="bucket"
            series={[
              { key: 'activeLearners', name: 'Active learners' },
              { key: 'enrollments', name: 'Enrollments' },
              { key: 'completions', name: 'Completions' },
            ]}
            format={formatInt}
          />
          <WithheldNote prefix="courseEngagement.series" />
        </>
      )}
    </QueryPanel>
  );
}
