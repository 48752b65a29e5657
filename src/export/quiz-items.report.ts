import { QuizItemsService } from '../metrics/quiz-items.service';
import { PERIOD_PARAMETERS, readCompanyId, readPeriod, type CsvRow, type CsvReport } from './report';

const HISTOGRAM = Array.from({ length: 10 }, (_, i) => `scoreHistogram${i * 10}`);
const COLUMNS = [
  'quizId',
  'courseId',
  'title',
  'passMark',
  'questionId',
  'questionText',
  'attempts',
  'learners',
  'firstAttemptPassRate',
  'meanAttemptsUntilPass',
  'averageScore',
  ...HISTOGRAM,
  'answers',
  'shareCorrect',
  'mostChosenWrongAnswer',
  'mostChosenWrongAnswerShare',
] as const;

/**
 * quizItems(quizId or courseId, period, companyId, limit), hardest first: one row per quiz
 * (questionId empty; the quiz's catalogue title and pass mark, its figures and scoreHistogram0 ... scoreHistogram90, attempts
 * per tenth of the score range), each followed by its questions' rows (questionId set; the
 * question's answers, learners and shares; the quiz columns empty).
 */
export const quizItemsReport: CsvReport = {
  parameters: [...PERIOD_PARAMETERS, 'companyId', 'quizId', 'courseId', 'limit'],
  async run(query, services) {
    const { args, period } = readPeriod(query, services);
    const companyId = readCompanyId(query);
    const quizzes = await services
      .get(QuizItemsService)
      .quizItems(args, companyId, { quizId: query.string('quizId'), courseId: query.string('courseId') }, query.int('limit', 50));
    const rows = quizzes.flatMap((q): CsvRow[] => [
      {
        quizId: q.quizId,
        courseId: q.courseId,
        title: q.title,
        passMark: q.passMark,
        questionId: null,
        attempts: q.attempts,
        learners: q.learners,
        firstAttemptPassRate: q.firstAttemptPassRate,
        meanAttemptsUntilPass: q.meanAttemptsUntilPass,
        averageScore: q.averageScore,
        ...Object.fromEntries(HISTOGRAM.map((c, i) => [c, q.scoreHistogram?.[i] ?? null])),
      },
      ...q.questions.map((x) => ({
        quizId: q.quizId,
        courseId: q.courseId,
        questionId: x.questionId,
        questionText: x.text,
        learners: x.learners,
        answers: x.answers,
        shareCorrect: x.shareCorrect,
        mostChosenWrongAnswer: x.mostChosenWrongAnswer,
        mostChosenWrongAnswerShare: x.mostChosenWrongAnswerShare,
      })),
    ]);
    return { period, columns: COLUMNS, rows };
  },
};
