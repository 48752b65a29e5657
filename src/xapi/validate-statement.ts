/**
 * Statement validation as xAPI 1.0.3 requires of an LRS (xAPI-Data.md section 2; the ADL
 * conformance requirements XAPI-00001 to XAPI-00107 and XAPI-00118 to XAPI-00124 are the
 * reference for what must be refused with 400). Pure: one parsed JSON value in, every problem
 * out, each with the dotted path of the offending property (`actor.account.homePage`,
 * `context.contextActivities.parent[0].id`), so a producer can fix the statement from the answer.
 *
 * Rules that hold everywhere:
 * - Keys are case-sensitive and closed: a key the specification does not define for that object
 *   is refused (XAPI-00008, XAPI-00010); only `extensions` objects take any (IRI) key.
 * - `null`, an empty object or an empty string is refused as a value except inside extensions
 *   (XAPI-00001, XAPI-00007).
 * - Wrong JSON types are refused, also strings that contain numbers or booleans (XAPI-00006).
 * Not checked here: duplicate keys inside one JSON object (XAPI-00021) are already lost once
 * JSON.parse has run; parse-statements.ts finds them in the raw text.
 */
import type { FieldError } from '../ingest/ingest-errors';
import { describeValue } from '../ingest/ingest-errors';
import { isPlainObject } from '../ingest/properties';
import { durationSeconds, isIri, isLanguageTag, isMbox, isMimeType, isSha1, isSha2, isUuid, isXapiVersion, timestampMs } from './xapi-values';

const STATEMENT_KEYS = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'];
const SUB_STATEMENT_KEYS = ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'];
const AGENT_KEYS = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'];
const GROUP_KEYS = [...AGENT_KEYS, 'member'];
const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];
const VERB_KEYS = ['id', 'display'];
const ACTIVITY_KEYS = ['objectType', 'id', 'definition'];
const DEFINITION_KEYS = [
  'name',
  'description',
  'type',
  'moreInfo',
  'extensions',
  'interactionType',
  'correctResponsesPattern',
  'choices',
  'scale',
  'source',
  'target',
  'steps',
];
const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'];
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'];
const RESULT_KEYS = ['score', 'success', 'completion', 'response', 'duration', 'extensions'];
const SCORE_KEYS = ['scaled', 'raw', 'min', 'max'];
const CONTEXT_KEYS = ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'];
const CONTEXT_ACTIVITY_KEYS = ['parent', 'grouping', 'category', 'other'];
const ATTACHMENT_KEYS = ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'];

class Checker {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): void {
    this.errors.push({ field: path, message });
  }

  /** The object at `path` with only `allowed` keys and no null / empty values; false when it is not an object. */
  object(value: unknown, path: string, allowed: readonly string[], what: string): value is Record<string, unknown> {
    if (!isPlainObject(value)) {
      this.fail(path, `${path} must be ${what} (a JSON object), got ${describeValue(value)}`);
      return false;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) this.fail(path, `${path} must not be an empty object: leave the property out instead`);
    for (const key of keys) {
      const child = `${path}.${key}`;
      if (!allowed.includes(key)) {
        const caseMatch = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
        this.fail(
          child,
          caseMatch !== undefined
            ? `"${key}" is not an xAPI property: keys are case-sensitive, write "${caseMatch}"`
            : `"${key}" is not allowed in ${what} by xAPI 1.0.3; allowed: ${allowed.join(', ')}`,
        );
      } else if (value[key] === null) {
        this.fail(child, `${child} must not be null: leave the property out instead (null is only allowed as an extension value)`);
      } else if (value[key] === '') {
        this.fail(child, `${child} must not be an empty string: leave the property out instead`);
      }
    }
    return true;
  }

  string(value: unknown, path: string): boolean {
    if (value === undefined || value === null || value === '') return false;
    if (typeof value !== 'string') {
      this.fail(path, `${path} must be a string, got ${describeValue(value)}`);
      return false;
    }
    return true;
  }

  iri(value: unknown, path: string, what = 'an IRI'): void {
    if (value === undefined || value === null || value === '') return;
    if (!isIri(value))
      this.fail(path, `${path} must be ${what} with a scheme, such as "http://adlnet.gov/expapi/verbs/completed", got ${describeValue(value)}`);
  }

  bool(value: unknown, path: string): void {
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      this.fail(path, `${path} must be true or false (a JSON boolean, not a string), got ${describeValue(value)}`);
    }
  }

  number(value: unknown, path: string): value is number {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `${path} must be a number (a JSON number, not a string), got ${describeValue(value)}`);
      return false;
    }
    return true;
  }

  languageMap(value: unknown, path: string): void {
    if (value === undefined || value === null) return;
    if (!isPlainObject(value) || Object.keys(value).length === 0) {
      this.fail(path, `${path} must be a language map such as {"en-US": "completed"}, got ${describeValue(value)}`);
      return;
    }
    for (const [tag, text] of Object.entries(value)) {
      if (!isLanguageTag(tag)) this.fail(`${path}.${tag}`, `${path}: ${describeValue(tag)} is not an RFC 5646 language tag such as "en", "de-DE" or "zh-Hant"`);
      if (typeof text !== 'string') this.fail(`${path}.${tag}`, `${path}.${tag} must be a string, got ${describeValue(text)}`);
    }
  }

  extensions(value: unknown, path: string): void {
    if (value === undefined || value === null) return;
    if (!isPlainObject(value)) {
      this.fail(path, `${path} must be an object of IRI keys to values, got ${describeValue(value)}`);
      return;
    }
    for (const key of Object.keys(value)) {
      if (!isIri(key))
        this.fail(`${path}.${key}`, `extension key ${describeValue(key)} in ${path} must be an IRI, such as "https://w3id.org/xapi/video/extensions/length"`);
    }
  }

  uuid(value: unknown, path: string): void {
    if (value === undefined || value === null) return;
    if (!isUuid(value))
      this.fail(path, `${path} must be a UUID in standard string form such as "0f8fad5b-d9cb-469f-a165-70867728950e", got ${describeValue(value)}`);
  }

  timestamp(value: unknown, path: string): void {
    if (value === undefined || value === null) return;
    if (timestampMs(value) === null) this.fail(path, `${path} must be an ISO 8601 timestamp such as "2026-03-01T12:00:00.000Z", got ${describeValue(value)}`);
  }

  /** An Agent (`objectType` Agent or absent) or a Group; `groupAllowed` false for members and instructors of type Agent. */
  actor(value: unknown, path: string, options: { groupAllowed: boolean; objectTypeRequired?: boolean }): void {
    if (!isPlainObject(value)) {
      this.fail(path, `${path} must be an Agent or Group object, got ${describeValue(value)}`);
      return;
    }
    const objectType = value.objectType;
    if (options.objectTypeRequired && objectType === undefined) {
      this.fail(`${path}.objectType`, `${path}.objectType is required here: "Agent" or "Group"`);
    }
    if (objectType !== undefined && objectType !== 'Agent' && objectType !== 'Group') {
      this.fail(`${path}.objectType`, `${path}.objectType must be "Agent" or "Group" (case-sensitive), got ${describeValue(objectType)}`);
      return;
    }
    const isGroup = objectType === 'Group';
    if (isGroup && !options.groupAllowed) {
      this.fail(`${path}.objectType`, `${path} must be an Agent, got a Group`);
      return;
    }
    if (!this.object(value, path, isGroup ? GROUP_KEYS : AGENT_KEYS, isGroup ? 'a Group' : 'an Agent')) return;
    this.string(value.name, `${path}.name`);
    const ifis = IFI_KEYS.filter((k) => value[k] !== undefined);
    if (ifis.length > 1) this.fail(path, `${path} must use exactly one identifier (mbox, mbox_sha1sum, openid or account), got ${ifis.join(' and ')}`);
    if (value.mbox !== undefined && !isMbox(value.mbox))
      this.fail(`${path}.mbox`, `${path}.mbox must be "mailto:" and an email address, got ${describeValue(value.mbox)}`);
    if (value.mbox_sha1sum !== undefined && !isSha1(value.mbox_sha1sum)) {
      this.fail(`${path}.mbox_sha1sum`, `${path}.mbox_sha1sum must be the 40 hex digits of SHA-1 of the mailto IRI, got ${describeValue(value.mbox_sha1sum)}`);
    }
    this.iri(value.openid, `${path}.openid`, 'a URI');
    if (value.account !== undefined && this.object(value.account, `${path}.account`, ['homePage', 'name'], 'an account')) {
      const account = value.account;
      if (account.homePage === undefined)
        this.fail(`${path}.account.homePage`, `${path}.account.homePage is required: the IRL of the system the account is on`);
      else this.iri(account.homePage, `${path}.account.homePage`, 'an IRL');
      if (account.name === undefined) this.fail(`${path}.account.name`, `${path}.account.name is required: the account's unique name on that system`);
      else this.string(account.name, `${path}.account.name`);
    }
    if (isGroup) {
      if (value.member !== undefined) {
        if (!Array.isArray(value.member)) this.fail(`${path}.member`, `${path}.member must be an array of Agents, got ${describeValue(value.member)}`);
        else value.member.forEach((m, i) => this.actor(m, `${path}.member[${i}]`, { groupAllowed: false }));
      }
      const members = Array.isArray(value.member) ? value.member.length : 0;
      if (ifis.length === 0 && members === 0) this.fail(path, `${path} is an anonymous Group, so it needs a member array with at least one Agent`);
    } else if (ifis.length === 0) {
      this.fail(path, `${path} needs one identifier: mbox ("mailto:..."), mbox_sha1sum, openid or account {homePage, name}`);
    }
  }

  verb(value: unknown, path: string): void {
    if (!this.object(value, path, VERB_KEYS, 'a Verb')) return;
    if (value.id === undefined) this.fail(`${path}.id`, `${path}.id is required: the verb's IRI, such as "http://adlnet.gov/expapi/verbs/completed"`);
    else this.iri(value.id, `${path}.id`);
    this.languageMap(value.display, `${path}.display`);
  }

  activity(value: unknown, path: string): void {
    if (isPlainObject(value) && value.objectType !== undefined && value.objectType !== 'Activity') {
      this.fail(`${path}.objectType`, `${path}.objectType must be "Activity" here, got ${describeValue(value.objectType)}`);
      return;
    }
    if (!this.object(value, path, ACTIVITY_KEYS, 'an Activity')) return;
    if (value.id === undefined) this.fail(`${path}.id`, `${path}.id is required: the activity's IRI`);
    else this.iri(value.id, `${path}.id`);
    if (value.definition !== undefined) this.definition(value.definition, `${path}.definition`);
  }

  definition(value: unknown, path: string): void {
    if (!this.object(value, path, DEFINITION_KEYS, 'an Activity Definition')) return;
    this.languageMap(value.name, `${path}.name`);
    this.languageMap(value.description, `${path}.description`);
    this.iri(value.type, `${path}.type`);
    this.iri(value.moreInfo, `${path}.moreInfo`, 'an IRL');
    this.extensions(value.extensions, `${path}.extensions`);
    if (value.interactionType !== undefined && !INTERACTION_TYPES.includes(value.interactionType as string)) {
      this.fail(
        `${path}.interactionType`,
        `${path}.interactionType must be one of ${INTERACTION_TYPES.join(', ')} (case-sensitive), got ${describeValue(value.interactionType)}`,
      );
    }
    if (value.correctResponsesPattern !== undefined) {
      if (value.interactionType === undefined) {
        this.fail(`${path}.interactionType`, `${path}.interactionType is required when correctResponsesPattern is given`);
      }
      const pattern = value.correctResponsesPattern;
      if (!Array.isArray(pattern) || pattern.some((p) => typeof p !== 'string')) {
        this.fail(`${path}.correctResponsesPattern`, `${path}.correctResponsesPattern must be an array of strings, got ${describeValue(pattern)}`);
      }
    }
    for (const list of COMPONENT_LISTS) {
      const components = value[list];
      if (components === undefined) continue;
      if (!Array.isArray(components)) {
        this.fail(`${path}.${list}`, `${path}.${list} must be an array of interaction components {id, description}, got ${describeValue(components)}`);
        continue;
      }
      const seen = new Set<string>();
      components.forEach((component, i) => {
        const at = `${path}.${list}[${i}]`;
        if (!this.object(component, at, ['id', 'description'], 'an interaction component')) return;
        if (this.string(component.id, `${at}.id`)) {
          if (seen.has(component.id as string))
            this.fail(`${at}.id`, `${at}.id ${describeValue(component.id)} repeats an earlier id of ${path}.${list}: ids must be unique`);
          seen.add(component.id as string);
        } else if (component.id === undefined) {
          this.fail(`${at}.id`, `${at}.id is required`);
        }
        this.languageMap(component.description, `${at}.description`);
      });
    }
  }

  object_(value: unknown, path: string, inSubStatement: boolean): void {
    if (!isPlainObject(value)) {
      this.fail(path, `${path} must be an object (an Activity, Agent, Group, StatementRef or SubStatement), got ${describeValue(value)}`);
      return;
    }
    switch (value.objectType) {
      case undefined:
      case 'Activity':
        this.activity(value, path);
        return;
      case 'Agent':
      case 'Group':
        this.actor(value, path, { groupAllowed: true, objectTypeRequired: true });
        return;
      case 'StatementRef':
        this.statementRef(value, path);
        return;
      case 'SubStatement':
        if (inSubStatement) {
          this.fail(`${path}.objectType`, `${path}: a SubStatement cannot contain another SubStatement`);
          return;
        }
        this.subStatement(value, path);
        return;
      default:
        this.fail(
          `${path}.objectType`,
          `${path}.objectType must be Activity, Agent, Group, StatementRef or SubStatement (case-sensitive), got ${describeValue(value.objectType)}`,
        );
    }
  }

  statementRef(value: unknown, path: string): void {
    if (!this.object(value, path, ['objectType', 'id'], 'a StatementRef')) return;
    if (value.objectType !== 'StatementRef') this.fail(`${path}.objectType`, `${path}.objectType must be "StatementRef"`);
    if (value.id === undefined) this.fail(`${path}.id`, `${path}.id is required: the UUID of the statement referred to`);
    else this.uuid(value.id, `${path}.id`);
  }

  result(value: unknown, path: string): void {
    if (!this.object(value, path, RESULT_KEYS, 'a Result')) return;
    if (value.score !== undefined && this.object(value.score, `${path}.score`, SCORE_KEYS, 'a Score')) {
      const score = value.score;
      const at = `${path}.score`;
      const scaled = this.number(score.scaled, `${at}.scaled`) ? (score.scaled as number) : undefined;
      const raw = this.number(score.raw, `${at}.raw`) ? (score.raw as number) : undefined;
      const min = this.number(score.min, `${at}.min`) ? (score.min as number) : undefined;
      const max = this.number(score.max, `${at}.max`) ? (score.max as number) : undefined;
      if (scaled !== undefined && (scaled < -1 || scaled > 1)) this.fail(`${at}.scaled`, `${at}.scaled must be from -1 to 1, got ${scaled}`);
      if (min !== undefined && max !== undefined && min >= max) this.fail(`${at}.min`, `${at}.min must be less than max, got min ${min} and max ${max}`);
      if (raw !== undefined && min !== undefined && raw < min) this.fail(`${at}.raw`, `${at}.raw must not be less than min, got raw ${raw} and min ${min}`);
      if (raw !== undefined && max !== undefined && raw > max) this.fail(`${at}.raw`, `${at}.raw must not be greater than max, got raw ${raw} and max ${max}`);
    }
    this.bool(value.success, `${path}.success`);
    this.bool(value.completion, `${path}.completion`);
    this.string(value.response, `${path}.response`);
    if (value.duration !== undefined && durationSeconds(value.duration) === null) {
      this.fail(`${path}.duration`, `${path}.duration must be an ISO 8601 duration such as "PT1H30M" or "PT12.5S", got ${describeValue(value.duration)}`);
    }
    this.extensions(value.extensions, `${path}.extensions`);
  }

  context(value: unknown, path: string, objectIsActivity: boolean): void {
    if (!this.object(value, path, CONTEXT_KEYS, 'a Context')) return;
    this.uuid(value.registration, `${path}.registration`);
    if (value.instructor !== undefined) this.actor(value.instructor, `${path}.instructor`, { groupAllowed: true });
    if (value.team !== undefined) {
      if (!isPlainObject(value.team) || value.team.objectType !== 'Group') this.fail(`${path}.team`, `${path}.team must be a Group (objectType "Group")`);
      else this.actor(value.team, `${path}.team`, { groupAllowed: true });
    }
    if (
      value.contextActivities !== undefined &&
      this.object(value.contextActivities, `${path}.contextActivities`, CONTEXT_ACTIVITY_KEYS, 'contextActivities')
    ) {
      for (const [key, activities] of Object.entries(value.contextActivities)) {
        if (!CONTEXT_ACTIVITY_KEYS.includes(key) || activities === null) continue;
        const list = Array.isArray(activities) ? activities : [activities];
        const at = `${path}.contextActivities.${key}`;
        list.forEach((activity, i) => this.activity(activity, Array.isArray(activities) ? `${at}[${i}]` : at));
      }
    }
    for (const key of ['revision', 'platform'] as const) {
      if (value[key] === undefined) continue;
      this.string(value[key], `${path}.${key}`);
      if (!objectIsActivity) this.fail(`${path}.${key}`, `${path}.${key} is only allowed when the statement's object is an Activity`);
    }
    if (value.language !== undefined && !isLanguageTag(value.language)) {
      this.fail(`${path}.language`, `${path}.language must be an RFC 5646 language tag such as "en-US", got ${describeValue(value.language)}`);
    }
    if (value.statement !== undefined) this.statementRef(value.statement, `${path}.statement`);
    this.extensions(value.extensions, `${path}.extensions`);
  }

  attachments(value: unknown, path: string): void {
    if (!Array.isArray(value)) {
      this.fail(path, `${path} must be an array of attachments, got ${describeValue(value)}`);
      return;
    }
    value.forEach((attachment, i) => {
      const at = `${path}[${i}]`;
      if (!this.object(attachment, at, ATTACHMENT_KEYS, 'an Attachment')) return;
      if (attachment.usageType === undefined) this.fail(`${at}.usageType`, `${at}.usageType is required: an IRI`);
      else this.iri(attachment.usageType, `${at}.usageType`);
      if (attachment.display === undefined) this.fail(`${at}.display`, `${at}.display is required: a language map`);
      else this.languageMap(attachment.display, `${at}.display`);
      this.languageMap(attachment.description, `${at}.description`);
      if (!isMimeType(attachment.contentType))
        this.fail(`${at}.contentType`, `${at}.contentType must be a media type such as "application/pdf", got ${describeValue(attachment.contentType)}`);
      if (typeof attachment.length !== 'number' || !Number.isInteger(attachment.length) || attachment.length < 0) {
        this.fail(`${at}.length`, `${at}.length must be the size in octets (a whole number), got ${describeValue(attachment.length)}`);
      }
      if (!isSha2(attachment.sha2)) this.fail(`${at}.sha2`, `${at}.sha2 must be the hex SHA-2 hash of the attachment, got ${describeValue(attachment.sha2)}`);
      this.iri(attachment.fileUrl, `${at}.fileUrl`, 'an IRL');
    });
  }

  subStatement(value: Record<string, unknown>, path: string): void {
    if (!this.object(value, path, SUB_STATEMENT_KEYS, 'a SubStatement')) return;
    this.body(value, path, true);
  }

  /** What statements and sub-statements share: actor, verb, object, result, context, timestamp, attachments. */
  body(value: Record<string, unknown>, path: string, inSubStatement: boolean): void {
    const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
    for (const key of ['actor', 'verb', 'object'] as const) {
      if (value[key] === undefined) this.fail(at(key), `${at(key)} is required in every ${inSubStatement ? 'SubStatement' : 'statement'}`);
    }
    if (value.actor !== undefined && value.actor !== null) this.actor(value.actor, at('actor'), { groupAllowed: true });
    if (value.verb !== undefined && value.verb !== null) this.verb(value.verb, at('verb'));
    if (value.object !== undefined && value.object !== null) this.object_(value.object, at('object'), inSubStatement);
    if (value.result !== undefined && value.result !== null) this.result(value.result, at('result'));
    const object = value.object;
    const objectIsActivity = isPlainObject(object) && (object.objectType === undefined || object.objectType === 'Activity');
    if (value.context !== undefined && value.context !== null) this.context(value.context, at('context'), objectIsActivity);
    this.timestamp(value.timestamp, at('timestamp'));
    if (value.attachments !== undefined && value.attachments !== null) this.attachments(value.attachments, at('attachments'));
    // A voiding statement must point at a statement (xAPI-Data 2.3.2, XAPI-00017).
    if (
      isPlainObject(value.verb) &&
      value.verb.id === 'http://adlnet.gov/expapi/verbs/voided' &&
      isPlainObject(object) &&
      object.objectType !== 'StatementRef'
    ) {
      this.fail(at('object.objectType'), 'a voiding statement (verb http://adlnet.gov/expapi/verbs/voided) must have a StatementRef as its object');
    }
  }
}

/** Every problem of one statement, in the order found; an empty list means it is valid xAPI 1.0.3. */
export function validateStatement(statement: unknown): FieldError[] {
  const check = new Checker();
  if (!isPlainObject(statement)) {
    check.fail('', `a statement must be a JSON object with actor, verb and object, got ${describeValue(statement)}`);
    return check.errors;
  }
  if (!check.object(statement, 'statement', STATEMENT_KEYS, 'a Statement')) return check.errors;
  // Top-level paths read better without the "statement." prefix.
  for (const e of check.errors) e.field = e.field.replace(/^statement\./, '');
  for (const e of check.errors) e.message = e.message.replace(/\bstatement\.(\w)/g, '$1');
  if (statement.id !== undefined && statement.id !== null) check.uuid(statement.id, 'id');
  check.timestamp(statement.stored, 'stored');
  if (statement.authority !== undefined && statement.authority !== null) check.actor(statement.authority, 'authority', { groupAllowed: true });
  if (statement.version !== undefined && statement.version !== null && !isXapiVersion(statement.version)) {
    check.fail('version', `version must be "1.0" or "1.0.x" (xAPI 1.0.3), got ${describeValue(statement.version)}`);
  }
  check.body(statement, '', false);
  return check.errors;
}
