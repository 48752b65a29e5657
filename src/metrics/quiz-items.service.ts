import { cataloguedQuizzes, type CataloguedQuiz } from '../clickhouse/repositories/catalog.repository';
import { DEFAULT_PASS_MARK, QuizItemsRepository, type QuestionRow, type QuizRow, type QuizSelection } from '../clickhouse/repositories/quiz-items.repository';
import { checkRowLimit } from '../domain/arguments';
import { badUserInput } from '../domain/errors';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { dropAndBlank, droppedGroups, isSmallGroup, markDroppedGroups, needsLearnerCounts, withheldNames } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { ServiceDeps } from './request-services';
import { visibleGroups } from './visible-groups';

export type QuizItemsReader = Pick<QuizItemsRepository, 'quizzes' | 'questions'>;
export type QuizCatalogReader = (selection: QuizSelection) => Promise<CataloguedQuiz[]>;

/** One question of a quiz. Figures are null when withheld by the privacy threshold (partner views). */
export interface QuestionStats {
  questionId: string;
  inCatalog: boolean;
  /** From the catalogue: the question's text and 1-based place in its quiz. */
  text: string | null;
  position: number | null;
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
  inCatalog: boolean;
  /** From the catalogue (null when the quiz is not in it). */
  title: string | null;
  lessonId: string | null;
  position: number | null;
  passThreshold: number | null;
  maxAttempts: number | null;
  /** The score at which an attempt without `passed` passes: passThreshold, else 70. */
  passMark: number;
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
    private readonly catalog: QuizCatalogReader = (selection) => cataloguedQuizzes(deps.db, selection),
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
    // The catalogue first: its pass thresholds decide attempts that do not say `passed`. A quiz
    // id catalogued in several courses takes the first course's (by course id) mark.
    const catalogued = await this.catalog(selection);
    const passMarks = new Map<string, number>();
    for (const c of catalogued) if (c.passThreshold !== null && !passMarks.has(c.quizId)) passMarks.set(c.quizId, c.passThreshold);
    const [quizzes, questions] = await Promise.all([this.repo.quizzes(scope, period, selection, passMarks), this.repo.questions(scope, period, selection)]);
    const catalogueOf = (row: QuizRow) =>
      catalogued.find((c) => c.quizId === row.quizId && c.courseId === row.courseId) ?? catalogued.find((c) => c.quizId === row.quizId) ?? null;

    const byQuiz = new Map<string, QuestionRow[]>();
    for (const q of questions) byQuiz.set(q.quizId, [...(byQuiz.get(q.quizId) ?? []), q]);
    const stats = quizzes.map((row): QuizItemStats => {
      const c = catalogueOf(row);
      const questionStatsList = (byQuiz.get(row.quizId) ?? [])
        .map((q) => questionStats(q, c))
        .sort(
          hardestFirst(
            (q) => q.shareCorrect,
            (q) => q.questionId,
          ),
        );
      // Privacy threshold: a question describes the learners who answered it. Partner views
      // leave out questions under k (issue 13: withheld groups are absent; in place, their rank
      // in the hardest-first order would also bound their share correct).
      const shown = leaveOutSmall(scope, questionStatsList, (q) => q.learners ?? 0);
      return { ...quizStats(row, c), questions: shown };
    });
    stats.sort(
      hardestFirst(
        (q) => q.firstAttemptPassRate,
        (q) => q.quizId,
      ),
    );
    // Privacy threshold: a quiz row describes the learners who attempted it. Partner views decide
    // on the whole list before `limit` (issue 13): quizzes under k are left out (a row says
    // someone attempted the quiz, and its rank in the hardest-first order bounds its pass rate);
    // a complement is withheld next to a lone one and listed last, so its rank says nothing.
    if (!needsLearnerCounts(scope)) return stats.slice(0, limit);
    // Attempts are the quiz.completed count: the decision is eventMetrics' (src/metrics/visible-groups.ts).
    const visible = await visibleGroups(this.deps, scope, periodArgs, 'quiz.completed', 'quiz_id', 'courseId' in selection ? selection.courseId : null);
    const small = new Set(stats.flatMap((q, i) => (isSmallGroup(scope, q.learners ?? 0) ? [i] : [])));
    const blank = new Set(stats.flatMap((q, i) => (!small.has(i) && !visible.has(q.quizId) ? [i] : [])));
    const suppressed = dropAndBlank(stats, small, blank, [...QUIZ_FIGURES]);
    const ordered = [...suppressed.filter((q) => withheldNames(q).length === 0), ...suppressed.filter((q) => withheldNames(q).length > 0)];
    return markDroppedGroups(ordered.slice(0, limit), droppedGroups(suppressed));
  }
}

function quizStats(row: QuizRow, c: CataloguedQuiz | null): Omit<QuizItemStats, 'questions'> {
  return {
    quizId: row.quizId,
    courseId: row.courseId,
    inCatalog: c !== null,
    title: c?.title ?? null,
    lessonId: c === null ? null : c.lessonId === '' ? null : c.lessonId,
    position: c?.position ?? null,
    passThreshold: c?.passThreshold ?? null,
    maxAttempts: c?.maxAttempts ?? null,
    passMark: c?.passThreshold ?? DEFAULT_PASS_MARK,
    attempts: row.attempts,
    learners: row.learners,
    firstAttemptPassRate: row.learners === 0 ? null : row.firstAttemptPassers / row.learners,
    meanAttemptsUntilPass: row.passers === 0 ? null : row.attemptsUntilPass / row.passers,
    averageScore: row.attempts === 0 ? null : row.scoreSum / row.attempts,
    scoreHistogram: row.histogram,
  };
}

function questionStats(row: QuestionRow, c: CataloguedQuiz | null): QuestionStats {
  const top = row.wrong[0];
  const q = c?.questions.find((x) => x.questionId === row.questionId) ?? null;
  return {
    questionId: row.questionId,
    inCatalog: q !== null,
    text: q?.text ?? null,
    position: q?.position ?? null,
    answers: row.answers,
    learners: row.learners,
    shareCorrect: row.answers === 0 ? null : row.correct / row.answers,
    mostChosenWrongAnswer: top?.answer ?? null,
    mostChosenWrongAnswerShare: top === undefined || row.answers === 0 ? null : top.count / row.answers,
  };
}

/** Partner views: the groups under k left out, the list marked with how many (extensions.privacy.withheldGroups). */
function leaveOutSmall<T>(scope: TenantScope, groups: readonly T[], learnersOf: (g: T) => number): T[] {
  if (!needsLearnerCounts(scope)) return [...groups];
  const kept = groups.filter((g) => !isSmallGroup(scope, learnersOf(g)));
  return markDroppedGroups(kept, groups.length - kept.length);
}
