import { CourseQuizItemsDocument } from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import { Figure, WithheldNote } from '../components/Figure';
import { QueryPanel } from '../components/Panel';
import { csvName } from '../period/period-context';
import type { CoursePanelProps } from './course-panel-props';

/** The course's quizzes: attempts, learners, first-attempt pass rate and mean score. */
export function CourseQuizItemsPanel({ courseId, period }: CoursePanelProps) {
  const query = useQuery(CourseQuizItemsDocument, { courseId, period });
  return (
    <QueryPanel
      id="course-quiz-items"
      title="Quiz items"
      subtitle="Every quiz of the course attempted in the period"
      query={query}
      wide
      csv={(data) => ({
        kind: 'client',
        filename: csvName(`course-quizzes-${courseId}`, period),
        columns: ['quizId', 'attempts', 'learners', 'firstAttemptPassRate', 'averageScore'],
        rows: data.quizItems,
      })}
    >
      {(data) => (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>Quiz</th>
                  <th>Attempts</th>
                  <th>Learners</th>
                  <th>First-attempt pass rate</th>
                  <th>Avg score</th>
                </tr>
              </thead>
              <tbody>
                {data.quizItems.map((q, i) => (
                  <tr key={q.quizId}>
                    <td>{q.quizId}</td>
                    <td>
                      <Figure value={q.attempts} kind="int" path={['quizItems', i, 'attempts']} />
                    </td>
                    <td>
                      <Figure value={q.learners} kind="int" path={['quizItems', i, 'learners']} />
                    </td>
                    <td>
                      <Figure value={q.firstAttemptPassRate} kind="percent" path={['quizItems', i, 'firstAttemptPassRate']} />
                    </td>
                    <td>
                      <Figure value={q.averageScore} kind="score" path={['quizItems', i, 'averageScore']} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <WithheldNote prefix="quizItems" />
        </>
      )}
    </QueryPanel>
  );
}
