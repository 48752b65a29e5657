import { QuizItemsRepository, type QuestionRow, type QuizRow, type QuizSelection } from '../clickhouse/repositories/quiz-items.repository';
import { checkRowLimit } from '../domain/arguments';
import { badUserInput } from '../domain/errors';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { withholdSmallGroups } from '../domain/privacy';
import type { ServiceDeps } from './request-services';

export type QuizItemsReader = Pick<QuizItemsRepository, 'quizzes' | 'questions'>;

/** One question of a quiz. Figures are null when withheld by the privacy threshold (partner views). */
export interface QuestionStats {
  questionId: string;
  answers: number | null;
  learners: number | null;
  shareCorrect: number | null;
  mostChosenWrongAnswer: string | null;
  mostChosenWrongAnswerShare: number | null;
}

/** One quiz. Figures are null when withheld by the privacy threshold (partner views). */
export interface QuizItemStats {
  quizId: string;
  courseId: string;
  attempts: number | null;
  learners: number | null;
  firstAttemptPassRate: number | null;
  meanAttemptsUntilPass: number | null;
  averageScore: number | null;
  scoreHistogram: number[] | null;
  questions: QuestionStats[];
}

export const MAX_QUIZ_ROWS = 500;

const QUIZ_FIGURES = ['attempts', 'learners', 'firstAttemptPassRate', 'meanAttemptsUntilPass', 'averageScore', 'scoreHistogram'] as const;
const QUESTION_FIGURES = ['answers', 'learners', 'shareCorrect', 'mostChosenWrongAnswer', 'mostChosenWrongAnswerShare'] as const;

/** Lowest first, nulls last, then by id: the hardest items lead. */
function hardestFirst<T>(rate: (item: T) => number | null, id: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ra = rate(a);
    const rb = rate(b);
    if (ra !== rb) return ra === null ? 1 : rb === null ? -1 : ra - rb;
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  };
}

/** quizItems: how each quiz and each of its questions performed, hardest first (raw quiz.completed events). */
export class QuizItemsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: QuizItemsReader = new QuizItemsRepository(deps.db),
  ) {}

  async quizItems(
    periodArgs: PeriodArgs,
    companyId: string | null,
    ids: { quizId?: string | null; courseId?: string | null },
    limit: number,
  ): Promise<QuizItemStats[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const quizId = ids.quizId ?? null;
    const courseId = ids.courseId ?? null;
    if ((quizId === null) === (courseId === null)) {
      throw badUserInput(quizId === null ? 'quizId' : 'courseId', 'give exactly one of quizId (one quiz) and courseId (every quiz of the course)');
    }
    for (const [name, value] of [['quizId', quizId] as const, ['courseId', courseId] as const]) {
      if (value !== null && (value === '' || value.length > 128)) throw badUserInput(name, `must be a non-empty id of at most 128 characters`);
    }
    checkRowLimit('limit', limit, MAX_QUIZ_ROWS);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    const selection: QuizSelection = quizId !== null ? { quizId } : { courseId: courseId as string };
    const [quizzes, questions] = await Promise.all([this.repo.quizzes(scope, period, selection), this.repo.questions(scope, period, selection)]);

    const byQuiz = new Map<string, QuestionStats[]>();
    for (const q of questions) {
      const list = byQuiz.get(q.quizId) ?? [];
      list.push(questionStats(q));
      byQuiz.set(q.quizId, list);
    }
    const stats = quizzes.map((row): QuizItemStats => {
      const questionStatsList = (byQuiz.get(row.quizId) ?? []).sort(
        hardestFirst(
          (q) => q.shareCorrect,
          (q) => q.questionId,
        ),
      );
      // Privacy threshold: a question describes the learners who answered it.
      const shown = withholdSmallGroups(scope, questionStatsList, (q) => q.learners ?? 0, [...QUESTION_FIGURES]);
      return { ...quizStats(row), questions: shown };
    });
    stats.sort(
      hardestFirst(
        (q) => q.firstAttemptPassRate,
        (q) => q.quizId,
      ),
    );
    // Privacy threshold: a quiz row describes the learners who attempted it.
    return withholdSmallGroups(scope, stats.slice(0, limit), (q) => q.learners ?? 0, [...QUIZ_FIGURES]);
  }
}

function quizStats(row: QuizRow): Omit<QuizItemStats, 'questions'> {
  return {
    quizId: row.quizId,
    courseId: row.courseId,
    attempts: row.attempts,
    learners: row.learners,
    firstAttemptPassRate: row.learners === 0 ? null : row.firstAttemptPassers / row.learners,
    meanAttemptsUntilPass: row.passers === 0 ? null : row.attemptsUntilPass / row.passers,
    averageScore: row.attempts === 0 ? null : row.scoreSum / row.attempts,
    scoreHistogram: row.histogram,
  };
}

function questionStats(row: QuestionRow): QuestionStats {
  const top = row.wrong[0];
  return {
    questionId: row.questionId,
    answers: row.answers,
    learners: row.learners,
    shareCorrect: row.answers === 0 ? null : row.correct / row.answers,
    mostChosenWrongAnswer: top?.answer ?? null,
    mostChosenWrongAnswerShare: top === undefined || row.answers === 0 ? null : top.count / row.answers,
  };
}
