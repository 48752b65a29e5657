import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { QuestionStats as QuestionStatsModel, QuizItemStats as QuizItemStatsModel } from '../metrics/quiz-items.service';
import { withheld } from './privacy.description';

@ObjectType({
  description:
    'One question of a quiz in the period, from the `properties.answers` list ([{question_id, answer, correct}]) of its `quiz.completed` events (for whole UTC days from a daily rollup of answers per question, otherwise raw events; the same figures either way). Every answer counts, first and later attempts alike.',
})
export class QuestionStats implements QuestionStatsModel {
  @Field(() => ID, { description: 'properties.answers[].question_id.' })
  questionId: string;

  @Field(() => Boolean, { description: "Whether the quiz's catalogue entry lists this question (its answers count either way)." })
  inCatalog: boolean;

  @Field(() => String, { nullable: true, description: "The question's text in the catalogue; null when not catalogued." })
  text: string | null;

  @Field(() => Int, { nullable: true, description: 'Its 1-based place in the catalogued quiz; null when not catalogued.' })
  position: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Answers given to the question: one per attempt that lists it.') })
  answers: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Distinct learners (user_id) who answered it; exact.') })
  learners: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld('Answers with `correct: true`, divided by answers (0-1); an answer without `correct` counts as not correct.'),
  })
  shareCorrect: number | null;

  @Field(() => String, {
    nullable: true,
    description: withheld(
      'The wrong answer (`correct` not true) given most often, as text (an array or object answer as its JSON); ties go to the answer that sorts first; null when nobody answered wrongly.',
    ),
  })
  mostChosenWrongAnswer: string | null;

  @Field(() => Float, { nullable: true, description: withheld('How often mostChosenWrongAnswer was given, divided by answers (0-1).') })
  mostChosenWrongAnswerShare: number | null;
}

@ObjectType({
  description:
    'How one quiz performed in the period, from its `quiz.completed` events (raw events; a learner is a user_id). An attempt passed when its `passed` is true, or, when `passed` is absent, when its score is at least passMark (the catalogue pass threshold, else 70). "First attempt" is the learner\'s earliest attempt in the period (ties by event_id).',
})
export class QuizItemStats implements QuizItemStatsModel {
  @Field(() => ID, { description: 'quiz_id.' })
  quizId: string;

  @Field(() => ID, { description: "course_id of the quiz's attempts ('' when they name none)." })
  courseId: string;

  @Field(() => Boolean, {
    description:
      'Whether the newest catalogue version of a course lists the quiz (the course of its attempts first, else any course). A quiz not in the catalogue is listed all the same, with null catalogue fields.',
  })
  inCatalog: boolean;

  @Field(() => String, { nullable: true, description: "The quiz's title in the catalogue." })
  title: string | null;

  @Field(() => ID, { nullable: true, description: 'The lesson the catalogue attaches the quiz to; null when none.' })
  lessonId: string | null;

  @Field(() => Int, { nullable: true, description: "The quiz's 1-based place in its course's catalogued quizzes." })
  position: number | null;

  @Field(() => Float, { nullable: true, description: "The catalogue's pass threshold (percent)." })
  passThreshold: number | null;

  @Field(() => Int, { nullable: true, description: "The catalogue's maximum attempts." })
  maxAttempts: number | null;

  @Field(() => Float, { description: 'The score (0-100) at which an attempt without `passed` passes: passThreshold, else 70.' })
  passMark: number;

  @Field(() => Int, { nullable: true, description: withheld('quiz.completed events of the quiz in the period.') })
  attempts: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Distinct learners with at least one attempt; exact.') })
  learners: number | null;

  @Field(() => Float, { nullable: true, description: withheld('Learners whose first attempt in the period passed, divided by learners (0-1).') })
  firstAttemptPassRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'Among learners who passed in the period, the mean number of their attempts up to and including the first passed one (1 = passed at once); null when nobody passed.',
    ),
  })
  meanAttemptsUntilPass: number | null;

  @Field(() => Float, { nullable: true, description: withheld('Mean score (0-100) over all attempts.') })
  averageScore: number | null;

  @Field(() => [Int], {
    nullable: true,
    description: withheld('Attempts per tenth of the score range: [0, 10), [10, 20), ..., [80, 90), [90, 100] (ten counts; 100 is in the last).'),
  })
  scoreHistogram: number[] | null;

  @Field(() => [QuestionStats], {
    description:
      'The questions answered in the attempts, hardest first: lowest shareCorrect first (ties by id). Partner views leave out questions under k learners (extensions.privacy.withheldGroups).',
  })
  questions: QuestionStats[];
}

export const QUIZ_ITEMS_QUERY =
  'Assessment items: every quiz with attempts in the period (one quiz by quizId, or every quiz of a course by courseId: give exactly one), hardest first: lowest firstAttemptPassRate first (ties by quiz id), at most `limit`. Attempts from raw quiz.completed events, question answers from the daily answers rollup for whole UTC days; counts exact. Partner views decide on the whole list before `limit`: quizzes with fewer than k learners are left out (extensions.privacy.withheldGroups), a complement next to a lone one has null figures and is listed last; within a quiz, questions with fewer than k learners are left out.';
