import { randomUUID } from 'node:crypto';
import type { LearningEvent } from '../../src/domain/event';
import { readRecord, type BodyRecord } from '../../src/ingest/parse-body';

/** Fields every catalogue type needs, so `anEvent({ type })` is valid for any type. */
const DEFAULTS_BY_TYPE: Record<string, Partial<LearningEvent>> = {
  'page.viewed': { page: '/dashboard' },
  'quiz.completed': { quiz_id: 'quiz-1', score: 80, passed: true, course_id: 'course-001' },
  'practice_session.completed': { duration_seconds: 600, score: 70 },
  'payment.succeeded': { amount: '49.90', currency: 'USD' },
  'payment.failed': { amount: '49.90', currency: 'USD' },
  'review.submitted': { course_id: 'course-001', properties: { rating: 4 } },
  'module.started': { course_id: 'course-001', module_id: 'course-001-m1' },
  'module.completed': { course_id: 'course-001', module_id: 'course-001-m1' },
  'lesson.started': { course_id: 'course-001', lesson_id: 'course-001-m1-l1' },
  'lesson.progressed': { course_id: 'course-001', lesson_id: 'course-001-m1-l1', duration_seconds: 120 },
  'lesson.completed': { course_id: 'course-001', lesson_id: 'course-001-m1-l1', duration_seconds: 300 },
  'video.progressed': { course_id: 'course-001', lesson_id: 'course-001-m1-l1', properties: { percent: 50 } },
};

export type EventJson = Partial<Omit<LearningEvent, 'properties'>> & { type: string; properties?: Record<string, unknown> };

/** A valid event as a producer would send it (snake_case JSON); override anything. */
export function anEvent(overrides: Partial<EventJson> & { type?: string } = {}): EventJson {
  const type = overrides.type ?? 'course.enrolled';
  return {
    event_id: randomUUID(),
    type,
    timestamp: '2026-03-02T10:15:00.000Z',
    source: 'learner-progress',
    user_id: 'user-1',
    course_id: 'course-001',
    platform: 'web',
    ...DEFAULTS_BY_TYPE[type],
    ...overrides,
  };
}

export function toNdjson(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

/** A body record's parsed value, as the ingest service reads it (readRecord); throws for a broken line. */
export function parsedValue(record: BodyRecord): unknown {
  const read = readRecord(record);
  if ('error' in read) throw new Error(`line ${record.line}: ${read.error}`);
  return read.value;
}
