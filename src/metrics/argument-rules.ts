import { EVENT_LIMITS } from '../ingest/validate-event';
import { badUserInput } from './errors';

/** The shape of an event type (same rule as ingest): lowercase dot.case with at least two segments. */
const EVENT_TYPE_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** Stored currencies are upper-cased at ingest, so a lower-case filter could only ever match nothing. */
const CURRENCY_RE = /^[A-Z]{3}$/;
/** Same id alphabet as ingest: anything else cannot be a stored user id. */
const ID_RE = /^[A-Za-z0-9_.:-]+$/;

export function checkEventType(argumentName: string, eventType: string): string {
  if (eventType.length > EVENT_LIMITS.maxTypeLength || !EVENT_TYPE_RE.test(eventType)) {
    throw badUserInput(argumentName, `must be a dot.case event type such as "lesson.completed" (lowercase letters, digits and _, at most ${EVENT_LIMITS.maxTypeLength} characters), got ${JSON.stringify(eventType.slice(0, 120))}`);
  }
  return eventType;
}

export function checkCurrency(argumentName: string, currency: string): string {
  if (!CURRENCY_RE.test(currency)) throw badUserInput(argumentName, `must be an ISO-4217 code of three capital letters such as "EUR", got ${JSON.stringify(currency.slice(0, 20))}`);
  return currency;
}

export function checkUserId(argumentName: string, userId: string): string {
  if (userId.length === 0 || userId.length > EVENT_LIMITS.maxIdLength || !ID_RE.test(userId)) {
    throw badUserInput(argumentName, `must be an id of 1 to ${EVENT_LIMITS.maxIdLength} letters, digits and _ . : - (a UUID or a CUID), got ${JSON.stringify(userId.slice(0, 140))}`);
  }
  return userId;
}

/** A row limit: a whole number from 1 to `max`. */
export function checkRowLimit(argumentName: string, limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw badUserInput(argumentName, `must be between 1 and ${max}, got ${limit}`);
  return limit;
}
