/**
 * The one event envelope (design.md, "Event model"). Producers send it as JSON; after
 * validation it is stored as one row of `events`, with these same snake_case names.
 * Absent strings are stored as '' (ClickHouse String columns, no Nullable overhead); absent
 * numbers that carry meaning when zero (score, passed, amount) are stored as NULL.
 */
export interface LearningEvent {
  event_id: string;
  type: string;
  /** ISO-8601, UTC. */
  timestamp: string;
  source: string;
  user_id: string;
  anonymous_id: string;
  session_id: string;
  company_id: string;
  course_id: string;
  module_id: string;
  lesson_id: string;
  quiz_id: string;
  platform: string;
  country: string;
  page: string;
  referrer: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  duration_seconds: number;
  score: number | null;
  passed: boolean | null;
  /** Decimal amount as a string, so no float rounding happens on the way to Decimal(18, 4). */
  amount: string | null;
  currency: string;
  properties: Record<string, unknown>;
}

export const STRING_FIELDS = [
  'source',
  'user_id',
  'anonymous_id',
  'session_id',
  'company_id',
  'course_id',
  'module_id',
  'lesson_id',
  'quiz_id',
  'platform',
  'country',
  'page',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'currency',
] as const satisfies readonly (keyof LearningEvent)[];

export type EventField = keyof LearningEvent;

/** The identifier fields: UUID, CUID or slugs such as `course-007`, validated alike. */
export const ID_FIELDS = [
  'user_id',
  'anonymous_id',
  'session_id',
  'company_id',
  'course_id',
  'module_id',
  'lesson_id',
  'quiz_id',
] as const satisfies readonly EventField[];

/** Fields each catalogue type requires beyond event_id, type and timestamp (design.md). */
export const EVENT_CATALOGUE: Readonly<Record<string, readonly EventField[]>> = {
  'user.registered': ['user_id'],
  'user.logged_in': ['user_id'],
  'page.viewed': ['page'], // plus user_id or anonymous_id, checked by the validator
  'ui.clicked': [],
  'course.viewed': ['course_id'],
  'course.enrolled': ['user_id', 'course_id'],
  'module.started': ['user_id', 'course_id', 'module_id'],
  'module.completed': ['user_id', 'course_id', 'module_id'],
  'lesson.started': ['user_id', 'course_id', 'lesson_id'],
  'lesson.progressed': ['user_id', 'course_id', 'lesson_id'],
  'lesson.completed': ['user_id', 'course_id', 'lesson_id'],
  'video.progressed': ['user_id', 'course_id', 'lesson_id'], // plus properties.percent, or position_seconds and length_seconds
  'quiz.completed': ['user_id', 'quiz_id', 'score'],
  'course.completed': ['user_id', 'course_id'],
  'certificate.issued': ['user_id', 'course_id'],
  'practice_session.completed': ['user_id', 'duration_seconds', 'score'],
  'subscription.activated': [],
  'subscription.cancelled': [],
  'payment.succeeded': ['amount', 'currency'],
  'payment.failed': ['amount', 'currency'],
  'consultation.scheduled': [],
  'consultation.completed': [],
  'review.submitted': ['course_id'], // plus properties.rating 1..5
  'error.occurred': [],
};

export const CATALOGUE_TYPES = Object.keys(EVENT_CATALOGUE);

/** A complete event with every optional field empty; factories and the generator start here. */
export function emptyEvent(eventId: string, type: string, timestamp: string): LearningEvent {
  return {
    event_id: eventId,
    type,
    timestamp,
    source: '',
    user_id: '',
    anonymous_id: '',
    session_id: '',
    company_id: '',
    course_id: '',
    module_id: '',
    lesson_id: '',
    quiz_id: '',
    platform: '',
    country: '',
    page: '',
    referrer: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    duration_seconds: 0,
    score: null,
    passed: null,
    amount: null,
    currency: '',
    properties: {},
  };
}
