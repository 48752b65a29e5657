import type { LearningEvent } from '../domain/event';
import { emptyEvent } from '../domain/event';
import { DAY, HOUR, isoTimestamp, sampleActiveTime } from './calendar';
import { SubscriptionBilling } from './billing';
import { uuid } from './ids';
import type { JourneySteps, ScheduledWork } from './journey-steps';
import type { LearnerProfile } from './learners';
import type { Random } from './random';
import { randomFor, Streams } from './random';
import type { Platform } from './reference-data';
import {
  CATALOGUE_CLICKS,
  CONSULTATION_TOPICS,
  COURSE_PAGE_CLICKS,
  DASHBOARD_CLICKS,
  ERROR_KINDS,
  LESSON_CLICKS,
  PLATFORMS,
  REVIEW_COMMENTS,
} from './reference-data';
import type { Course, World } from './world';
import { examAttempt, practiceItems, videoProgress } from './learning-items';

/** Average events per session; with the budget it decides how many sessions a learner has. */
const MEAN_EVENTS_PER_SESSION = 14;
/** Upper bound on sessions per day of a learner's active window (very busy learners get longer sessions instead). */
const MAX_SESSIONS_PER_DAY = 4;
/** Exam pass mark, percent (design: passed = score >= 70). */
export const PASS_MARK = 70;
const MAX_EXAM_ATTEMPTS = 4;
/** A learner works on at most this many courses at once. */
const MAX_ACTIVE_COURSES = 2;

/** Placeholder source for client-side events, resolved to 'web' or 'mobile' by the session's platform. */
const CLIENT_SOURCE = 'client';

interface CourseProgress {
  course: Course;
  module: number;
  lesson: number;
  moduleStarted: boolean;
  examAttempts: number;
  state: 'learning' | 'exam' | 'completed' | 'abandoned';
}

/**
 * One learner's journey through the period, as a stream of events in time order.
 *
 * The budget (how many events this learner contributes) is fixed up front. It is spread over
 * sessions placed at plausible times (weekdays, local daytime); each session opens with a
 * registration or a login and then pulls steps from a small state machine: browse the
 * catalogue, enrol, work through modules and lessons in curriculum order, take the final exam
 * (retrying after a fail), complete, get a certificate, sometimes review, practise, book a
 * consultation or subscribe. A step that does not fit in a session's quota carries over to the
 * next session, and the stream simply ends when the budget is used up, so every prefix of a
 * journey is coherent (nothing is completed before it was enrolled in).
 */
export class LearnerJourney implements JourneySteps {
  readonly rng: Random;
  readonly learner: LearnerProfile;
  private readonly world: World;

  /** Steps planned but not yet emitted, with the natural gap (seconds) before each. */
  private queue: LearningEvent[] = [];
  private gaps: number[] = [];
  private head = 0;

  private scheduled: ScheduledWork[] = [];
  private readonly courses: CourseProgress[] = [];
  private readonly enrolled = new Set<number>();
  private readonly billing: SubscriptionBilling;
  /** Draws of learning-items.ts (videos, answers, practice criteria), apart from the journey's own. */
  private readonly items: Random;

  // The current session: time cursor, the last instant it may use, events still to emit.
  now = 0;
  private limit = 0;
  private left = 0;
  private sessionId = '';
  private sessionPlatform: Platform;
  private lastEmitted = 0;

  constructor(world: World, learner: LearnerProfile) {
    this.world = world;
    this.learner = learner;
    this.rng = randomFor(world.seed, Streams.journey, learner.index);
    this.sessionPlatform = learner.platform;
    this.billing = new SubscriptionBilling(this);
    this.items = randomFor(world.seed, Streams.items, learner.index);
  }

  /** Exactly `budget` events, in time order, all inside [activeFrom, activeUntil). */
  *events(budget: number): Generator<LearningEvent> {
    const starts = this.sessionStarts(budget);
    const { activeUntil } = this.learner;
    let remaining = budget;
    for (let k = 0; k < starts.length; k++) {
      const sessionsLeft = starts.length - k;
      const quota =
        sessionsLeft === 1
          ? remaining
          : Math.min(remaining - (sessionsLeft - 1), Math.max(1, Math.round((remaining / sessionsLeft) * (0.4 + 1.2 * this.rng.next()))));
      remaining -= quota;
      const nextStart = k + 1 < starts.length ? starts[k + 1] : activeUntil;
      const limit = Math.max(starts[k], Math.min(nextStart, activeUntil) - 1);
      yield* this.session(starts[k], limit, quota, k === 0 && this.learner.registersInPeriod);
    }
  }

  private sessionStarts(budget: number): Float64Array {
    const { activeFrom, activeUntil, utcOffsetMs } = this.learner;
    const maxSessions = Math.max(1, Math.ceil(((activeUntil - activeFrom) / DAY) * MAX_SESSIONS_PER_DAY));
    const count = Math.max(1, Math.min(Math.round(budget / MEAN_EVENTS_PER_SESSION), budget, maxSessions));
    const starts = new Float64Array(count);
    let i = 0;
    // A new learner's first session is the one in which they register.
    if (this.learner.registersInPeriod) starts[i++] = activeFrom;
    for (; i < count; i++) starts[i] = sampleActiveTime(this.rng, activeFrom, activeUntil, utcOffsetMs);
    return starts.sort();
  }

  private *session(start: number, limit: number, quota: number, registration: boolean): Generator<LearningEvent> {
    this.now = start;
    this.limit = limit;
    this.left = quota;
    this.sessionId = uuid(this.rng);
    this.sessionPlatform = this.rng.chance(0.8) ? this.learner.platform : this.rng.pick(PLATFORMS);

    // Back-end work that fell due while the learner was away (renewals, consultations).
    while (this.left > 0 && this.scheduled.length > 0 && this.scheduled[0].at <= start) {
      const event = this.runScheduled(this.scheduled.shift() as ScheduledWork);
      if (event) yield event;
    }

    for (const [event, gap] of registration ? this.registrationOpening() : this.loginOpening()) {
      if (this.left === 0) return;
      yield this.stamp(event, gap);
    }

    while (this.left > 0) {
      if (this.head === this.queue.length) {
        this.queue = [];
        this.gaps = [];
        this.head = 0;
        this.plan();
      }
      yield this.stamp(this.queue[this.head], this.gaps[this.head]);
      this.head++;
    }
  }

  /**
   * Give a planned event its time and session. The natural gap is shortened when the session
   * would otherwise run into the next one: each event may use at most its fair share of the
   * time left, so the whole quota always fits before `limit`.
   */
  private stamp(event: LearningEvent, gapSeconds: number): LearningEvent {
    const natural = gapSeconds > 0 ? gapSeconds * 1000 + this.rng.int(0, 999) : 0;
    const fairShare = Math.floor((this.limit - this.now) / this.left);
    this.now += Math.min(natural, fairShare);
    this.left--;
    this.lastEmitted = this.now;
    event.timestamp = isoTimestamp(this.now);
    event.session_id = this.sessionId;
    event.platform = this.sessionPlatform;
    if (event.source === CLIENT_SOURCE) event.source = this.sessionPlatform === 'web' ? 'web' : 'mobile';
    return event;
  }

  /** An event of this learner with the identity fields filled in. */
  make(type: string, source: string): LearningEvent {
    const event = emptyEvent(uuid(this.rng), type, '');
    event.source = source;
    event.user_id = this.learner.userId;
    event.company_id = this.learner.companyId;
    event.country = this.learner.country.code;
    event.platform = this.learner.platform;
    return event;
  }

  push(event: LearningEvent, gapSeconds: number): void {
    this.queue.push(event);
    this.gaps.push(gapSeconds);
  }

  pageView(page: string, gapSeconds: number): void {
    const event = this.make('page.viewed', CLIENT_SOURCE);
    event.page = page;
    this.push(event, gapSeconds);
  }

  click(page: string, element: string, gapSeconds: number): void {
    const event = this.make('ui.clicked', CLIENT_SOURCE);
    event.page = page;
    event.properties = { element };
    this.push(event, gapSeconds);
  }

  // ---- session openings ----------------------------------------------------------------

  private registrationOpening(): Array<[LearningEvent, number]> {
    const { learner } = this;
    const utm = learner.attribution;
    const landing = this.make('page.viewed', CLIENT_SOURCE);
    landing.user_id = '';
    landing.anonymous_id = learner.anonymousId;
    landing.page = learner.company ? `/join/${learner.company.id}` : utm ? '/' : this.rng.pick(['/', '/courses', '/pricing']);
    const registered = this.make('user.registered', 'iam');
    registered.anonymous_id = learner.anonymousId;
    registered.properties = { method: learner.company?.sso ? 'sso' : this.rng.pick(['email', 'email', 'google', 'apple']) };
    if (utm) {
      for (const event of [landing, registered]) {
        event.referrer = utm.referrer;
        event.utm_source = utm.utm_source;
        event.utm_medium = utm.utm_medium;
        event.utm_campaign = utm.utm_campaign;
        event.utm_term = utm.utm_term;
        event.utm_content = utm.utm_content;
      }
    }
    const dashboard = this.make('page.viewed', CLIENT_SOURCE);
    dashboard.page = '/dashboard';
    return [
      [landing, 0],
      [registered, this.rng.int(20, 180)],
      [dashboard, 3],
    ];
  }

  private loginOpening(): Array<[LearningEvent, number]> {
    const opening: Array<[LearningEvent, number]> = [];
    if (this.sessionPlatform === 'web' && this.rng.chance(0.35)) {
      const login = this.make('page.viewed', CLIENT_SOURCE);
      login.user_id = ''; // not known until the login succeeds
      login.anonymous_id = this.learner.anonymousId;
      login.page = '/login';
      opening.push([login, 0]);
    }
    const loggedIn = this.make('user.logged_in', 'iam');
    loggedIn.properties = { method: this.learner.company?.sso ? 'sso' : this.sessionPlatform === 'web' ? 'password' : 'token' };
    opening.push([loggedIn, opening.length > 0 ? this.rng.int(5, 30) : 0]);
    const dashboard = this.make('page.viewed', CLIENT_SOURCE);
    dashboard.page = '/dashboard';
    opening.push([dashboard, 2]);
    return opening;
  }

  // ---- what the learner does next --------------------------------------------------------

  private plan(): void {
    const active = this.courses.find((c) => c.state === 'learning' || c.state === 'exam');
    if (!active) {
      // Someone who has been through every course keeps practising and checking in.
      const everything = this.enrolled.size === this.world.courses.length;
      const r = everything ? this.rng.next() : 1;
      if (r < 0.5) this.practise(this.courses[this.courses.length - 1].course);
      else if (r < 0.8) this.dashboardClick();
      else this.browseCatalogue();
      return;
    }
    const r = this.rng.next();
    if (r < 0.05) this.practise(active.course);
    else if (r < 0.08) this.browseCatalogue();
    else if (r < 0.1) this.dashboardClick();
    else if (r < 0.108) this.bookConsultation();
    else if (r < 0.111) this.fail(active.course);
    else if (r < 0.114 && this.billing.active) this.billing.cancel();
    else this.continueCourse(active);
  }

  private dashboardClick(): void {
    this.pageView('/dashboard', this.rng.int(5, 60));
    this.click('/dashboard', this.rng.pick(DASHBOARD_CLICKS), this.rng.int(2, 20));
  }

  /** Pick a course to look at: company learners mostly get their assigned courses. */
  private chooseCourse(): Course {
    const { courses, coursePopularity } = this.world;
    const company = this.learner.company;
    let choice = courses[0];
    for (let attempt = 0; attempt < 3; attempt++) {
      choice = company && this.rng.chance(0.7) ? courses[this.rng.pick(company.assignedCourses)] : courses[this.rng.weighted(coursePopularity)];
      if (!this.enrolled.has(choice.index)) break;
    }
    return choice;
  }

  private browseCatalogue(): void {
    this.pageView('/courses', this.rng.int(3, 30));
    if (this.rng.chance(0.4)) this.click('/courses', this.rng.pick(CATALOGUE_CLICKS), this.rng.int(3, 20));
    let course = this.chooseCourse();
    const views = this.rng.int(1, 3);
    for (let v = 0; v < views; v++) {
      if (v > 0) course = this.chooseCourse();
      this.pageView(course.page, this.rng.int(4, 40));
      const viewed = this.make('course.viewed', 'course-catalog');
      viewed.course_id = course.id;
      this.push(viewed, 1);
      if (this.rng.chance(0.25)) this.click(course.page, this.rng.pick(COURSE_PAGE_CLICKS), this.rng.int(5, 60));
    }

    const activeCount = this.courses.filter((c) => c.state === 'learning' || c.state === 'exam').length;
    const assigned = this.learner.company?.assignedCourses.includes(course.index) ?? false;
    const enrolProbability = assigned ? 0.9 : this.learner.company ? 0.6 : 0.5;
    if (!this.enrolled.has(course.index) && activeCount < MAX_ACTIVE_COURSES && this.rng.chance(enrolProbability)) {
      this.enrol(course, assigned);
    } else if (activeCount === 0 && this.rng.chance(0.3)) {
      this.practise(null);
    }
  }

  private enrol(course: Course, assigned: boolean): void {
    if (!this.learner.company && !this.billing.everActive && this.rng.chance(0.45)) this.billing.subscribe();
    this.click(course.page, 'enroll-button', this.rng.int(10, 90));
    const enrolled = this.make('course.enrolled', 'course-catalog');
    enrolled.course_id = course.id;
    enrolled.properties = { assigned };
    this.push(enrolled, 1);
    this.enrolled.add(course.index);
    this.courses.push({ course, module: 0, lesson: 0, moduleStarted: false, examAttempts: 0, state: 'learning' });
  }

  private continueCourse(progress: CourseProgress): void {
    if (progress.state === 'exam') {
      this.takeExam(progress);
      return;
    }
    const { course } = progress;
    const module = course.modules[progress.module];
    if (!progress.moduleStarted) {
      const started = this.make('module.started', 'learner-progress');
      started.course_id = course.id;
      started.module_id = module.id;
      this.push(started, this.rng.int(2, 10));
      progress.moduleStarted = true;
    }

    const lesson = module.lessons[progress.lesson];
    if (this.rng.chance(0.6)) this.pageView(lesson.page, this.rng.int(2, 15));
    const started = this.make('lesson.started', 'learner-progress');
    started.course_id = course.id;
    started.module_id = module.id;
    started.lesson_id = lesson.id;
    this.push(started, 2);

    const checkpoints = lesson.minutes >= 12 ? 2 : 1;
    const segment = Math.max(30, Math.round((lesson.minutes * 60 * (0.6 + 0.8 * this.rng.next())) / (checkpoints + 1)));
    const dropChance = 0.03 + 0.06 * course.difficulty + 0.05 * (1 - this.learner.persistence);
    const dropAt = this.rng.chance(dropChance) ? this.rng.int(0, checkpoints) : -1;

    for (let c = 0; c <= checkpoints; c++) {
      const seconds = Math.max(10, Math.round(segment * (0.7 + 0.6 * this.rng.next())));
      const share = 1 / (checkpoints + 1);
      if (c === dropAt) {
        videoProgress(this, course, module, lesson, c * share, (c + this.items.next()) * share, 1);
        this.dropLesson(progress);
        return;
      }
      const last = c === checkpoints;
      const event = this.make(last ? 'lesson.completed' : 'lesson.progressed', 'learner-progress');
      event.course_id = course.id;
      event.module_id = module.id;
      event.lesson_id = lesson.id;
      // Seconds since the previous event of this lesson, so summing duration_seconds over a
      // lesson's events gives the time spent without double counting.
      event.duration_seconds = seconds;
      event.properties = { progress_percent: Math.round((100 * (c + 1)) / (checkpoints + 1)) };
      this.push(event, seconds);
      videoProgress(this, course, module, lesson, c * share, (c + 1) * share, 1);
      if (!last && this.rng.chance(0.15)) this.click(lesson.page, this.rng.pick(LESSON_CLICKS), this.rng.int(5, 60));
    }

    progress.lesson++;
    if (progress.lesson === module.lessons.length) {
      const completed = this.make('module.completed', 'learner-progress');
      completed.course_id = course.id;
      completed.module_id = module.id;
      this.push(completed, 1);
      progress.module++;
      progress.lesson = 0;
      progress.moduleStarted = false;
      if (progress.module === course.modules.length) progress.state = 'exam';
    }
  }

  /** The learner leaves a lesson half way; some never come back to the course. */
  private dropLesson(progress: CourseProgress): void {
    const abandonChance = 0.15 + 0.35 * (1 - this.learner.persistence) + 0.15 * progress.course.difficulty;
    if (this.rng.chance(abandonChance)) {
      progress.state = 'abandoned';
      if (this.rng.chance(0.1)) this.review(progress.course, this.rng.int(1, 3));
    }
    // Otherwise the same lesson starts over on a later step.
  }

  private takeExam(progress: CourseProgress): void {
    const { course } = progress;
    this.pageView(`${course.page}/exam`, this.rng.int(5, 30));
    const attempt = progress.examAttempts + 1;
    progress.examAttempts = attempt;
    const mean = this.learner.skill - 12 * course.difficulty + 6 * (attempt - 1);
    const { score, answers } = examAttempt(this.items, course.examQuizId, Math.min(100, Math.max(0, this.rng.normal(mean, 11))));
    const passed = score >= PASS_MARK;
    const duration = this.rng.int(300, 1500);
    const quiz = this.make('quiz.completed', 'learner-progress');
    quiz.course_id = course.id;
    quiz.quiz_id = course.examQuizId;
    quiz.score = score;
    quiz.passed = passed;
    quiz.duration_seconds = duration;
    quiz.properties = { attempt, answers };
    this.push(quiz, duration);

    if (passed) {
      const completed = this.make('course.completed', 'learner-progress');
      completed.course_id = course.id;
      completed.properties = { exam_attempts: attempt };
      this.push(completed, 1);
      const certificate = this.make('certificate.issued', 'learner-progress');
      certificate.course_id = course.id;
      certificate.properties = { certificate_id: uuid(this.rng), score };
      this.push(certificate, this.rng.int(2, 30));
      progress.state = 'completed';
      if (this.rng.chance(0.35)) this.review(course, this.rng.chance(0.75) ? this.rng.int(4, 5) : this.rng.int(2, 3));
    } else if (attempt >= MAX_EXAM_ATTEMPTS) {
      progress.state = 'abandoned';
      if (this.rng.chance(0.2)) this.review(course, this.rng.int(1, 3));
    } else if (this.rng.chance(0.4)) {
      this.practise(course); // revise before the retry
    }
  }

  private review(course: Course, rating: number): void {
    this.pageView(`${course.page}/review`, this.rng.int(5, 60));
    const review = this.make('review.submitted', 'feedback');
    review.course_id = course.id;
    review.properties = { rating, comment: this.rng.pick(REVIEW_COMMENTS[rating]) };
    this.push(review, this.rng.int(20, 240));
  }

  private practise(course: Course | null): void {
    this.pageView('/practice', this.rng.int(5, 40));
    const duration = this.rng.int(180, 1800);
    const practice = this.make('practice_session.completed', 'learner-progress');
    if (course) practice.course_id = course.id;
    practice.duration_seconds = duration;
    practice.score = Math.min(100, Math.max(0, Math.round(this.rng.normal(this.learner.skill, 15))));
    practice.properties = { exercises: this.rng.int(3, 25), ...practiceItems(this.items, practice.score) };
    this.push(practice, duration);
  }

  private fail(course: Course): void {
    const kind = this.rng.pick(ERROR_KINDS);
    const error = this.make('error.occurred', CLIENT_SOURCE);
    error.page = course.page;
    error.course_id = course.id;
    error.properties = { code: kind.code, message: kind.message };
    this.push(error, this.rng.int(1, 20));
  }

  private bookConsultation(): void {
    this.pageView('/consultations', this.rng.int(5, 40));
    const consultationId = uuid(this.rng);
    const topic = this.rng.pick(CONSULTATION_TOPICS);
    const at = this.now + this.rng.int(1, 7) * DAY + this.rng.int(0, 8) * HOUR;
    const booked = this.make('consultation.scheduled', 'booking');
    booked.properties = { consultation_id: consultationId, topic, scheduled_for: isoTimestamp(at) };
    this.push(booked, this.rng.int(30, 180));
    if (this.rng.chance(0.85)) this.schedule({ at, kind: 'consultation', detail: `${consultationId} ${topic}` });
  }

  schedule(work: ScheduledWork): void {
    this.scheduled.push(work);
    this.scheduled.sort((a, b) => a.at - b.at);
  }

  /** The event a piece of back-end work produces (no session: nobody was clicking). */
  private runScheduled(work: ScheduledWork): LearningEvent | null {
    const at = Math.max(work.at, this.lastEmitted);
    let event: LearningEvent;
    if (work.kind === 'consultation') {
      const [consultationId, topic] = work.detail.split(' ');
      event = this.make('consultation.completed', 'booking');
      event.properties = { consultation_id: consultationId, topic, duration_minutes: this.rng.pick([30, 45, 60]) };
    } else {
      const renewal = this.billing.renew(work);
      if (!renewal) return null;
      event = renewal;
    }
    event.timestamp = isoTimestamp(at);
    this.left--;
    this.lastEmitted = at;
    return event;
  }
}
