/**
 * The parts of a journey that quizItems, videoEngagement and practice progress read: video
 * progress on video lessons, the answer to every exam question, and practice scenarios with
 * their assessment criteria. They draw from a stream of their own (Streams.items), so adding
 * them left every other draw of a journey where it was.
 *
 * - Two of three lessons are videos (by a hash of the lesson id). Courses with an even index
 *   report the player's position and the video's length (`position_seconds`,
 *   `length_seconds`), the others the course platform's milestones (`percent` 25/50/75/100).
 * - Every exam has 10 questions, each with 4 choices, one correct, a difficulty of its own and
 *   one tempting wrong choice; the score is 10 points per correct answer.
 * - Practice sessions run one of the speaking scenarios and are assessed on 5 criteria.
 */
import { createHash } from 'node:crypto';
import type { JourneySteps } from './journey-steps';
import type { Random } from './random';
import type { Course, CourseModule, Lesson } from './world';

export const EXAM_QUESTIONS = 10;
export const CHOICES = ['a', 'b', 'c', 'd'] as const;

/** A stable number in [0, 1) from a text: the generator's facts about ids, without a random stream. */
function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 4294967296;
}

export function isVideoLesson(lesson: Pick<Lesson, 'id'>): boolean {
  return unit(`video:${lesson.id}`) < 2 / 3;
}

export interface ExamQuestion {
  id: string;
  correct: (typeof CHOICES)[number];
  /** The wrong choice most learners who get it wrong pick. */
  distractor: (typeof CHOICES)[number];
  /** Added to the learner's chance of a correct answer: -0.3 (hard) .. +0.2 (easy). */
  ease: number;
}

/** The questions of a course's exam, in order: derived from the quiz id alone. */
export function examQuestions(quizId: string): ExamQuestion[] {
  return Array.from({ length: EXAM_QUESTIONS }, (_, i) => {
    const id = `${quizId}-q${i + 1}`;
    const correct = CHOICES[Math.floor(unit(`correct:${id}`) * 4)];
    const wrong = CHOICES.filter((c) => c !== correct);
    return { id, correct, distractor: wrong[Math.floor(unit(`distractor:${id}`) * 3)], ease: -0.3 + 0.5 * unit(`ease:${id}`) };
  });
}

export interface ExamAnswer {
  question_id: string;
  answer: string;
  correct: boolean;
}

/**
 * One attempt at a course's exam by a learner whose ability shows as `expectedScore` (0-100):
 * each question is right with that chance plus the question's ease; a wrong answer is the
 * question's distractor 60% of the time. The score is the share of correct answers.
 */
export function examAttempt(rng: Random, quizId: string, expectedScore: number): { score: number; answers: ExamAnswer[] } {
  const answers = examQuestions(quizId).map((q): ExamAnswer => {
    const chance = Math.min(0.98, Math.max(0.02, expectedScore / 100 + q.ease));
    if (rng.chance(chance)) return { question_id: q.id, answer: q.correct, correct: true };
    const others = CHOICES.filter((c) => c !== q.correct && c !== q.distractor);
    return { question_id: q.id, answer: rng.chance(0.6) ? q.distractor : rng.pick(others), correct: false };
  });
  return { score: (100 * answers.filter((a) => a.correct).length) / EXAM_QUESTIONS, answers };
}

/**
 * video.progressed events for the part of a video lesson watched in one checkpoint of the
 * journey: from share `from` to share `to` (0..1) of the video. Position reporters send one
 * event at the end of the stretch; milestone reporters send each milestone crossed.
 */
export function videoProgress(steps: JourneySteps, course: Course, module: CourseModule, lesson: Lesson, from: number, to: number, gapSeconds: number): void {
  if (!isVideoLesson(lesson) || to <= from) return;
  const length = lesson.minutes * 60;
  const emit = (properties: Record<string, unknown>): void => {
    const event = steps.make('video.progressed', 'web');
    event.course_id = course.id;
    event.module_id = module.id;
    event.lesson_id = lesson.id;
    event.properties = properties;
    steps.push(event, gapSeconds);
  };
  if (course.index % 2 === 0) {
    emit({ position_seconds: Math.round(to * length), length_seconds: length, video_event: to >= 1 ? 'completed' : 'paused' });
    return;
  }
  for (const milestone of [25, 50, 75, 100]) {
    if (milestone / 100 > from && milestone / 100 <= to + 1e-9) emit({ percent: milestone });
  }
}

export const PRACTICE_SCENARIOS = [
  { id: 'patient-history', difficulty: -6 },
  { id: 'explaining-diagnosis', difficulty: 0 },
  { id: 'medication-counselling', difficulty: 2 },
  { id: 'breaking-bad-news', difficulty: 9 },
  { id: 'discharge-instructions', difficulty: -3 },
  { id: 'shift-handover', difficulty: 4 },
] as const;

/** Assessment criteria of a speaking practice session (the OET speaking criteria). */
export const PRACTICE_CRITERIA = ['intelligibility', 'fluency', 'grammar', 'relationship_building', 'information_gathering'] as const;

/** Scenario and per-criterion scores (0-100) around the session's score; popular scenarios first. */
export function practiceItems(rng: Random, score: number): { scenario_id: string; criteria: Record<string, number> } {
  const weights = [30, 22, 18, 10, 12, 8];
  let target = rng.next() * 100;
  let k = 0;
  while (target >= weights[k] && k < weights.length - 1) target -= weights[k++];
  const scenario = PRACTICE_SCENARIOS[k];
  const criteria: Record<string, number> = {};
  PRACTICE_CRITERIA.forEach((criterion, i) => {
    // A criterion's offset: learners are strongest in intelligibility, weakest in information gathering.
    const offset = 8 - 4 * i - scenario.difficulty / 2;
    criteria[criterion] = Math.min(100, Math.max(0, Math.round(rng.normal(score + offset, 8))));
  });
  return { scenario_id: scenario.id, criteria };
}
