import { CourseProgressDocument } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure, WithheldNote } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { csvName } from '../period/period-context';
import type { CoursePanelProps } from './course-panel-props';

/** The curriculum drop-off: per lesson in course order, who started it, who completed it, and how many fewer started it than the lesson before. */
export function CourseProgressPanel({ courseId, period }: CoursePanelProps) {
  const query = useQuery(CourseProgressDocument, { courseId, period });
  return (
    <QueryPanel
      id="course-progress"
      title="Curriculum drop-off"
      subtitle="Learners who started and completed each lesson, in course order"
      query={query}
      wide
      csv={(data) => ({
        kind: 'client',
        filename: csvName(`course-progress-${courseId}`, period),
        columns: ['position', 'lessonId', 'title', 'started', 'completed', 'dropOffFromPrevious'],
        rows: data.courseProgress.lessons,
      })}
    >
      {(data) => (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>#</th>
                  <th>Lesson</th>
                  <th>Started</th>
                  <th>Completed</th>
                  <th>Drop-off</th>
                </tr>
              </thead>
              <tbody>
                {data.courseProgress.lessons.map((l, i) => (
                  <tr key={l.lessonId}>
                    <td>{l.position}</td>
                    <td>{l.title ?? l.lessonId}</td>
                    <td>
                      <Figure value={l.started} kind="int" path={['courseProgress', 'lessons', i, 'started']} />
                    </td>
                    <td>
                      <Figure value={l.completed} kind="int" path={['courseProgress', 'lessons', i, 'completed']} />
                    </td>
                    <td>
                      <Figure value={l.dropOffFromPrevious} kind="percent" path={['courseProgress', 'lessons', i, 'dropOffFromPrevious']} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <WithheldNote prefix="courseProgress.lessons" />
        </>
      )}
    </QueryPanel>
  );
}
