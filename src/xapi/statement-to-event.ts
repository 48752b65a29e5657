/**
 * One valid xAPI statement -> one event of the event model, as the JSON a producer would post
 * to /v1/events (so the ingest path validates and stores it like any other event). Pure; the
 * receive time and the statement id (assigned when the statement had none) come in.
 *
 * The mapping (docs/xapi.md has the table):
 * - actor -> user_id (hashed, xapi-identities.ts); context.registration -> session_id;
 *   context.extensions[company_id extension] -> company_id.
 * - object + contextActivities (parent, grouping, category, other) -> course_id, module_id,
 *   lesson_id, quiz_id by activity type (xapi-vocabulary.ts). An untyped parent or grouping
 *   activity is taken as the course when no activity is typed as one (Open edX sends the course
 *   as an untyped parent on video statements).
 * - verb -> catalogue type, by what the verb means and what the object is; result.score.scaled
 *   (or raw between min and max) -> score 0..100; result.success -> passed; result.duration
 *   -> duration_seconds.
 * - A verb the mapping does not know, or a known verb whose catalogue type would lack a field
 *   it requires (a completed lesson without a course), becomes a custom event
 *   `xapi.<last segment of the verb IRI>`; the verb IRI is always in properties.xapi_verb.
 * - properties keep what the envelope has no field for: the verb and object IRIs, the object's
 *   activity type, the platform, video positions, the answer of a question, and the statement
 *   itself (as stored: JSON text without the learner's identifiers) for GET /xapi/statements.
 */
import { EVENT_CATALOGUE, type EventField } from '../domain/event';
import { isPlainObject } from '../ingest/properties';
import { activityId, actorUserId, mboxSha1 } from './xapi-identities';
import { durationSeconds, timestampMs } from './xapi-values';
import { EXTENSIONS, VIDEO_PROFILE_CATEGORY, kindOfType, meaningOfVerb, type ActivityKind } from './xapi-vocabulary';

type Json = Record<string, unknown>;

export interface MappingContext {
  /** The statement id: the one sent, or the one assigned on receipt. */
  id: string;
  /** Receive time: the statement's `stored`, and its timestamp when it has none. */
  stored: Date;
  /** Who the statement is stored for (xAPI `authority`): the token's subject. */
  authority: string;
}

/** What the stored copy of a statement may be at most, so the event stays under the 64 KiB of properties. */
export const MAX_STORED_STATEMENT_BYTES = 48 * 1024;

/** An activity reference found in the statement, with its kind. */
interface ActivityRef {
  iri: string;
  kind: ActivityKind | undefined;
  where: 'object' | 'parent' | 'grouping' | 'category' | 'other';
}

export type MappingResult = { ok: true; event: Json } | { ok: false; field: string; message: string };

export function statementToEvent(statement: Json, ctx: MappingContext): MappingResult {
  const verbIri = (statement.verb as Json).id as string;
  const object = statement.object as Json;
  const result = isPlainObject(statement.result) ? statement.result : {};
  const context = isPlainObject(statement.context) ? statement.context : {};
  const contextExtensions = isPlainObject(context.extensions) ? context.extensions : {};
  const resultExtensions = isPlainObject(result.extensions) ? result.extensions : {};

  const refs = activityRefs(object, context);
  const objectRef = refs.find((r) => r.where === 'object');
  const isVideo =
    objectRef?.kind === 'video' || refs.some((r) => r.where === 'category' && (r.iri === VIDEO_PROFILE_CATEGORY || kindOfType(r.iri) === 'video'));
  const objectKind: ActivityKind | undefined = isVideo ? 'video' : objectRef?.kind;
  const ids = structureIds(refs, objectRef, objectKind);

  const event: Json = {
    event_id: ctx.id,
    timestamp: new Date(timestampMs(statement.timestamp) ?? ctx.stored.getTime()).toISOString(),
    source: 'xapi',
    user_id: isPlainObject(statement.actor) ? actorUserId(statement.actor) : '',
    ...ids,
  };
  if (typeof context.registration === 'string') event.session_id = context.registration.toLowerCase();
  if (typeof contextExtensions[EXTENSIONS.company] === 'string') event.company_id = contextExtensions[EXTENSIONS.company];
  if (typeof context.platform === 'string' && ['web', 'ios', 'android'].includes(context.platform.toLowerCase())) {
    event.platform = context.platform.toLowerCase();
  }
  const score = scorePercent(result.score);
  if (score !== null) event.score = score;
  if (typeof result.success === 'boolean') event.passed = result.success;
  const seconds = durationSeconds(result.duration);
  if (seconds !== null && seconds <= 604_800) event.duration_seconds = Math.round(seconds);

  const properties: Json = { xapi_verb: verbIri };
  if (objectRef) properties.xapi_object = objectRef.iri;
  const objectType = isPlainObject(object.definition) ? object.definition.type : undefined;
  if (typeof objectType === 'string') properties.xapi_activity_type = objectType;
  if (typeof context.platform === 'string') properties.xapi_platform = context.platform;
  if (typeof result.completion === 'boolean') properties.completion = result.completion;

  const meaning = meaningOfVerb(verbIri);
  let type: string | undefined;
  switch (meaning) {
    case 'registered':
      type = 'course.enrolled';
      break;
    case 'launched':
    case 'experienced':
      if (meaning === 'launched' && score !== null && (objectKind === 'question' || objectKind === 'assessment')) {
        type = 'quiz.completed'; // Open edX sends graded problem submissions as "attempted" with a score.
        break;
      }
      type = objectKind === 'course' ? 'course.viewed' : objectKind === 'module' ? 'module.started' : 'lesson.started';
      break;
    case 'progressed':
      type = objectKind === 'video' ? 'video.progressed' : objectKind === 'course' || objectKind === 'module' ? undefined : 'lesson.progressed';
      break;
    case 'completed':
      type =
        objectKind === 'course'
          ? 'course.completed'
          : objectKind === 'module'
            ? 'module.completed'
            : objectKind === 'video'
              ? 'video.progressed'
              : objectKind === 'assessment' || objectKind === 'question'
                ? 'quiz.completed'
                : 'lesson.completed';
      break;
    case 'passed':
    case 'failed':
      if (event.passed === undefined) event.passed = meaning === 'passed';
      type = objectKind === 'course' ? (meaning === 'passed' ? 'course.completed' : undefined) : 'quiz.completed';
      break;
    case 'scored':
      type = 'quiz.completed';
      break;
    case 'answered':
      type = 'quiz.completed';
      // A question answered is a one-question attempt: its answer is the per-question record quizItems reads.
      properties.answers = [
        {
          question_id: objectRef ? activityId(objectRef.iri) : '',
          ...(typeof result.success === 'boolean' ? { correct: result.success } : {}),
          ...(typeof result.response === 'string' ? { answer: result.response } : {}),
        },
      ];
      if (event.score === undefined && typeof result.success === 'boolean') event.score = result.success ? 100 : 0;
      break;
    case 'video':
      type = objectKind === 'video' ? 'video.progressed' : undefined;
      break;
    default:
      type = undefined;
  }

  if (type === 'video.progressed') {
    const position = seconds0(resultExtensions[EXTENSIONS.videoTime]);
    const length = seconds0(contextExtensions[EXTENSIONS.videoLength]);
    const progress = resultExtensions[EXTENSIONS.videoProgress];
    properties.video_event = verbIri.slice(verbIri.lastIndexOf('/') + 1);
    if (position !== null) properties.position_seconds = position;
    if (length !== null && length > 0) properties.length_seconds = length;
    if (typeof progress === 'number' && progress >= 0 && progress <= 1) properties.percent = Math.round(progress * 10000) / 100;
    else if (meaning === 'completed' || result.completion === true) properties.percent = 100;
  }
  if (type === 'lesson.progressed') {
    const progress = resultExtensions[EXTENSIONS.cmi5Progress];
    if (typeof progress === 'number') properties.percent = progress;
  }
  if (type !== undefined && !hasRequired(type, event, properties)) type = undefined;
  event.type = type ?? customType(verbIri);

  const stored = storedStatement(statement, ctx, event.user_id as string);
  if (Buffer.byteLength(stored, 'utf8') > MAX_STORED_STATEMENT_BYTES) {
    return {
      ok: false,
      field: '',
      message: `the statement is ${Buffer.byteLength(stored, 'utf8')} bytes as stored; at most ${MAX_STORED_STATEMENT_BYTES} bytes are accepted: move large data into attachments by fileUrl`,
    };
  }
  properties.xapi_statement = stored;
  event.properties = properties;
  return { ok: true, event };
}

function activityRefs(object: Json, context: Json): ActivityRef[] {
  const refs: ActivityRef[] = [];
  const add = (activity: unknown, where: ActivityRef['where']): void => {
    if (!isPlainObject(activity) || typeof activity.id !== 'string') return;
    if (activity.objectType !== undefined && activity.objectType !== 'Activity') return;
    const type = isPlainObject(activity.definition) ? activity.definition.type : undefined;
    refs.push({ iri: activity.id, kind: kindOfType(type), where });
  };
  add(object, 'object');
  const ca = isPlainObject(context.contextActivities) ? context.contextActivities : {};
  for (const where of ['parent', 'grouping', 'category', 'other'] as const) {
    const list = ca[where];
    for (const activity of Array.isArray(list) ? list : list === undefined ? [] : [list]) add(activity, where);
  }
  return refs;
}

/** course_id, module_id, lesson_id, quiz_id from the activities (the object first, then parents, then groupings). */
function structureIds(refs: ActivityRef[], objectRef: ActivityRef | undefined, objectKind: ActivityKind | undefined): Json {
  const structural = refs.filter((r) => r.where === 'object' || r.where === 'parent' || r.where === 'grouping');
  const first = (kind: ActivityKind): ActivityRef | undefined => structural.find((r) => r.kind === kind);
  const ids: Json = {};
  const course = first('course') ?? structural.find((r) => r.where !== 'object' && r.kind === undefined);
  if (course) ids.course_id = activityId(course.iri);
  const module = first('module');
  if (module) ids.module_id = activityId(module.iri);
  const lesson =
    first('lesson') ??
    (objectRef && (objectKind === 'video' || objectKind === undefined || objectKind === 'other') && objectRef !== course ? objectRef : undefined);
  if (lesson) ids.lesson_id = activityId(lesson.iri);
  const quiz = objectKind === 'assessment' || objectKind === 'question' ? objectRef : first('assessment');
  if (quiz) ids.quiz_id = activityId(quiz.iri);
  return ids;
}

/** result.score as 0..100: scaled x 100 (negative scaled scores count as 0), else raw within [min, max]. */
function scorePercent(score: unknown): number | null {
  if (!isPlainObject(score)) return null;
  if (typeof score.scaled === 'number') return Math.max(0, score.scaled) * 100;
  if (typeof score.raw === 'number' && typeof score.max === 'number') {
    const min = typeof score.min === 'number' ? score.min : 0;
    if (score.max > min) return Math.min(100, Math.max(0, ((score.raw - min) / (score.max - min)) * 100));
  }
  if (typeof score.raw === 'number' && score.raw >= 0 && score.raw <= 100 && score.max === undefined) return score.raw;
  return null;
}

/** A number of seconds, or an ISO 8601 duration such as "PT3M14S" (Open edX sends both). */
function seconds0(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  return durationSeconds(value);
}

function hasRequired(type: string, event: Json, properties: Json): boolean {
  const required: readonly EventField[] = EVENT_CATALOGUE[type] ?? [];
  if (!required.every((field) => event[field] !== undefined && event[field] !== '')) return false;
  if (type === 'video.progressed')
    return properties.percent !== undefined || (properties.position_seconds !== undefined && properties.length_seconds !== undefined);
  return true;
}

/** `xapi.<verb>`: the last segment of the verb IRI in the event type alphabet, e.g. `xapi.navigated`. */
export function customType(verbIri: string): string {
  const tail = verbIri.replace(/[/#]+$/, '');
  const segment = tail
    .slice(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf('#'), tail.lastIndexOf(':')) + 1)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 90);
  return `xapi.${segment === '' ? 'statement' : segment}`;
}

/**
 * The statement as the LRS returns it: with `id`, `stored`, `authority` and `version` set as
 * xAPI requires of an LRS, the actor replaced by its hashed account, and every other agent's
 * email turned into its mbox_sha1sum without a name, so no address is stored.
 */
function storedStatement(statement: Json, ctx: MappingContext, userId: string): string {
  const copy = redactAgents(statement) as Json;
  copy.id = ctx.id;
  if (userId !== '') copy.actor = { objectType: 'Agent', account: { homePage: 'https://learnmetrics.dev/xapi/users', name: userId } };
  copy.stored = ctx.stored.toISOString();
  copy.authority = { objectType: 'Agent', account: { homePage: 'https://learnmetrics.dev/xapi/clients', name: ctx.authority || 'unknown' } };
  copy.version = typeof statement.version === 'string' ? statement.version : '1.0.0';
  return JSON.stringify(copy);
}

function redactAgents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactAgents);
  if (!isPlainObject(value)) return value;
  const out: Json = {};
  const isAgent = typeof value.mbox === 'string' || typeof value.mbox_sha1sum === 'string' || typeof value.openid === 'string' || isPlainObject(value.account);
  for (const [key, child] of Object.entries(value)) {
    if (key === 'extensions') out[key] = child;
    else if (isAgent && key === 'mbox' && typeof child === 'string') out.mbox_sha1sum = mboxSha1(child);
    else if (isAgent && key === 'name') continue;
    else out[key] = redactAgents(child);
  }
  return out;
}
