/**
 * How xAPI identities become the event model's ids (docs/xapi.md, "Mapping").
 *
 * - A learner (the statement's actor) is one of four inverse functional identifiers. Its
 *   `user_id` is `xapi-` and the first 32 hex digits of SHA-256 over the identifier's canonical
 *   text (`mbox:mailto:a@b.org` lower-cased, `account:<homePage>|<name>`, `openid:<uri>`,
 *   `mbox_sha1sum:<hex>`), so an email address is never stored, the same learner always gets
 *   the same id, and a producer can compute it. An mbox and the mbox_sha1sum of the same
 *   address are the same learner: both hash the SHA-1 of the mailto IRI.
 * - An activity IRI becomes an id of the event model's alphabet: the IRI itself when it already
 *   is one (`course-001`, `urn:x:y`), otherwise its last path segment (letters, digits, _ . : -
 *   kept) and 10 hex digits of SHA-256 over the whole IRI, e.g.
 *   `http://lms/course/course-v1:edX+DemoX+Demo_Course` -> `course-v1_edX_DemoX_Demo_Course-3f9a...`.
 *   The full IRI stays in `properties`.
 */
import { createHash } from 'node:crypto';
import { EVENT_LIMITS, ID_RE } from '../domain/event-rules';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The SHA-1 of a mailto IRI, as xAPI's mbox_sha1sum. */
export function mboxSha1(mbox: string): string {
  return createHash('sha1').update(mbox.toLowerCase()).digest('hex');
}

/** The user_id of an Agent or identified Group, or '' for an anonymous Group. */
export function actorUserId(actor: Record<string, unknown>): string {
  let canonical: string | undefined;
  if (typeof actor.mbox === 'string') canonical = `mbox_sha1sum:${mboxSha1(actor.mbox)}`;
  else if (typeof actor.mbox_sha1sum === 'string') canonical = `mbox_sha1sum:${actor.mbox_sha1sum.toLowerCase()}`;
  else if (typeof actor.openid === 'string') canonical = `openid:${actor.openid}`;
  else if (typeof actor.account === 'object' && actor.account !== null) {
    const account = actor.account as { homePage?: unknown; name?: unknown };
    canonical = `account:${String(account.homePage)}|${String(account.name)}`;
  }
  return canonical === undefined ? '' : `xapi-${sha256Hex(canonical).slice(0, 32)}`;
}

/** The event-model id of an activity IRI (see the file comment). */
export function activityId(iri: string): string {
  if (ID_RE.test(iri) && iri.length <= EVENT_LIMITS.maxIdLength) return iri;
  const path = iri.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  const readable = segment
    .replace(/[^A-Za-z0-9_.:-]+/g, '_')
    .replace(/^[_.:-]+|[_.:-]+$/g, '')
    .slice(0, 80);
  const hash = sha256Hex(iri).slice(0, 10);
  return readable === '' ? `xapi-${hash}` : `${readable}-${hash}`;
}
