import { badUserInput } from './errors';

/** Most ids one list argument (`ids`) may name, and the largest `limit`: one IN array per query stays small. */
export const MAX_IDS = 500;
export const MAX_LIMIT = 500;
/** Course and company ids are UUIDs or CUIDs; anything this long is a mistake, not an id. */
export const MAX_ID_LENGTH = 128;

/** A required or optional id argument: not blank, at most MAX_ID_LENGTH characters. */
export function checkId(argumentName: string, id: string): string {
  if (id.trim() === '') throw badUserInput(argumentName, 'must not be empty');
  if (id.length > MAX_ID_LENGTH) throw badUserInput(argumentName, `is ${id.length} characters long; ids are at most ${MAX_ID_LENGTH}`);
  return id;
}

/** An optional filter such as `companyId`: absent means no filter; present must be a valid id. */
export function checkOptionalId(argumentName: string, id: string | null | undefined): string | null {
  return id === null || id === undefined ? null : checkId(argumentName, id);
}

/** An `ids` list: 1 to MAX_IDS valid ids; duplicates are dropped, first occurrence kept. */
export function checkIdList(argumentName: string, ids: readonly string[]): string[] {
  if (ids.length === 0) throw badUserInput(argumentName, 'is empty; give at least one id, or leave it out to list the ones with activity');
  if (ids.length > MAX_IDS) throw badUserInput(argumentName, `has ${ids.length} ids; at most ${MAX_IDS} per request`);
  ids.forEach((id, i) => checkId(`${argumentName}[${i}]`, id));
  return [...new Set(ids)];
}

export function checkLimit(argumentName: string, limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badUserInput(argumentName, `must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  return limit;
}
