/** Course trees as the platform sends them to PUT /v1/catalog/courses/{id}, and a client for it. */
import type { TestServer } from './http';

export interface TreeLesson {
  id: string;
  title: string;
  type?: string;
  expectedDurationSeconds?: number;
  topicId?: string;
  topicTitle?: string;
}

/** A small course: modules of lessons `<course>-m<i>-l<j>` and one exam with two questions. */
export function aCourseTree(courseId: string, lessonsPerModule: number[] = [2, 2], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: `Course ${courseId}`,
    description: 'A test course',
    passThreshold: 70,
    modules: lessonsPerModule.map((n, m) => ({
      id: `${courseId}-m${m + 1}`,
      title: `Module ${m + 1}`,
      lessons: Array.from({ length: n }, (_, l): TreeLesson => ({
        id: `${courseId}-m${m + 1}-l${l + 1}`,
        title: `Lesson ${m + 1}.${l + 1}`,
        type: l % 2 === 0 ? 'video' : 'text',
        expectedDurationSeconds: 600,
      })),
    })),
    quizzes: [
      {
        id: `${courseId}-exam`,
        title: 'Final exam',
        passThreshold: 70,
        maxAttempts: 3,
        questions: [
          {
            id: 'q1',
            type: 'single_choice',
            text: '2 + 2?',
            points: 1,
            answers: [
              { id: 'a', text: '4', correct: true },
              { id: 'b', text: '5', correct: false },
            ],
          },
          {
            id: 'q2',
            type: 'true_false',
            text: 'SQL is declarative',
            points: 2,
            answers: [
              { id: 't', text: 'true', correct: true },
              { id: 'f', text: 'false' },
            ],
          },
        ],
      },
    ],
    ...overrides,
  };
}

export async function putCourse(
  t: TestServer,
  courseId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${t.base}/v1/catalog/courses/${encodeURIComponent(courseId)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function getCourse(t: TestServer, courseId: string, query = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${t.base}/v1/catalog/courses/${encodeURIComponent(courseId)}${query}`, {
    headers: { authorization: `Bearer ${t.adminToken}`, ...headers },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
