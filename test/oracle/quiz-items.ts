/**
 * quizItems, from the QuizItemStats and QuestionStats descriptions: plain TypeScript over the
 * events, independent of the SQL.
 */
import type { LearningEvent } from '../../src/domain/event';
import { groupBy, scoped } from './common';
import { period, eventMs, type PeriodArg } from './period';

export interface OracleQuestion {
  questionId: string;
  answers: number;
  learners: number;
  shareCorrect: number | null;
  mostChosenWrongAnswer: string | null;
  mostChosenWrongAnswerShare: number | null;
}

export interface OracleQuiz {
  quizId: string;
  courseId: string;
  attempts: number;
  learners: number;
  firstAttemptPassRate: number | null;
  meanAttemptsUntilPass: number | null;
  averageScore: number | null;
  scoreHistogram: number[];
  questions: OracleQuestion[];
}

const passedOf = (e: LearningEvent) => (e.passed !== null ? e.passed : (e.score as number) >= 70);
const byRate = <T extends { id: string; rate: number | null }>(a: T, b: T) =>
  a.rate !== b.rate ? (a.rate === null ? 1 : b.rate === null ? -1 : a.rate - b.rate) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function answerText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}

export function quizItems(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; quizId?: string; courseId?: string; limit?: number },
): OracleQuiz[] {
  const attempts = scoped(events, period(args.period), args.companyId).filter(
    (e) =>
      e.type === 'quiz.completed' &&
      e.user_id !== '' &&
      e.quiz_id !== '' &&
      (args.quizId !== undefined ? e.quiz_id === args.quizId : e.course_id === args.courseId),
  );
  const quizzes: OracleQuiz[] = [];
  for (const [quizId, list] of groupBy(attempts, (e) => e.quiz_id)) {
    const perLearner = [...groupBy(list, (e) => e.user_id).values()].map((l) =>
      [...l].sort((a, b) => eventMs(a) - eventMs(b) || (a.event_id < b.event_id ? -1 : 1)).map(passedOf),
    );
    const passers = perLearner.filter((o) => o.includes(true));
    const histogram = Array.from({ length: 10 }, () => 0);
    for (const e of list) histogram[Math.min(9, Math.floor((e.score as number) / 10))]++;

    const answers = list.flatMap((e) => {
      const raw = e.properties.answers;
      return Array.isArray(raw) ? raw.map((a) => ({ user: e.user_id, a: a as Record<string, unknown> })) : [];
    });
    const questions: (OracleQuestion & { id: string; rate: number | null })[] = [];
    for (const [questionId, given] of groupBy(answers, (x) => answerText(x.a.question_id) || null)) {
      const correct = given.filter((x) => x.a.correct === true).length;
      const wrongCounts = new Map<string, number>();
      for (const x of given) {
        const text = answerText(x.a.answer);
        if (x.a.correct !== true && text !== '') wrongCounts.set(text, (wrongCounts.get(text) ?? 0) + 1);
      }
      const top = [...wrongCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      const shareCorrect = correct / given.length;
      questions.push({
        id: questionId,
        rate: shareCorrect,
        questionId,
        answers: given.length,
        learners: new Set(given.map((x) => x.user)).size,
        shareCorrect,
        mostChosenWrongAnswer: top?.[0] ?? null,
        mostChosenWrongAnswerShare: top === undefined ? null : top[1] / given.length,
      });
    }
    questions.sort(byRate);
    quizzes.push({
      quizId,
      courseId: list.find((e) => e.course_id !== '')?.course_id ?? '',
      attempts: list.length,
      learners: perLearner.length,
      firstAttemptPassRate: perLearner.filter((o) => o[0]).length / perLearner.length,
      meanAttemptsUntilPass: passers.length === 0 ? null : passers.reduce((s, o) => s + o.indexOf(true) + 1, 0) / passers.length,
      averageScore: list.reduce((s, e) => s + (e.score as number), 0) / list.length,
      scoreHistogram: histogram,
      questions: questions.map(({ id: _id, rate: _rate, ...q }) => q),
    });
  }
  return quizzes
    .map((q) => ({ ...q, id: q.quizId, rate: q.firstAttemptPassRate }))
    .sort(byRate)
    .slice(0, args.limit ?? 50)
    .map(({ id: _id, rate: _rate, ...q }) => q);
}
