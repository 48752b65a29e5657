import type { LearningEvent } from '../domain/event';
import { hasScope, SCOPES, type Viewer } from '../domain/viewer';
import type { FieldError } from './ingest-errors';

/**
 * Which events a token may write. Events are the ground truth every figure is computed from,
 * so a source that may write any company's events may change any company's numbers (fabricated
 * `course.completed` lines moved another company's coursesCompleted). A token is therefore bound:
 *
 * - `company`: an ingest token carrying `company_id` (a company's own source) writes that
 *   company's events only;
 * - `any`: an admin token, or an ingest token holding the scope `ingest:any-company` (the
 *   platform's own services), writes events of any company and of solo learners;
 * - `solo`: any other ingest token writes events without a company only (solo learners,
 *   anonymous visitors).
 */
export type WriteScope = { kind: 'any' } | { kind: 'company'; companyId: string } | { kind: 'solo' };

export function writeScopeOf(viewer: Viewer): WriteScope {
  if (viewer.role === 'admin') return { kind: 'any' };
  if (viewer.companyId !== null) return { kind: 'company', companyId: viewer.companyId };
  return hasScope(viewer, SCOPES.ingestAnyCompany) ? { kind: 'any' } : { kind: 'solo' };
}

/** Why this token may not write this (valid) event, as a per-line error on `company_id`; null when it may. */
export function writeScopeError(event: LearningEvent, scope: WriteScope): FieldError | null {
  if (scope.kind === 'any') return null;
  if (scope.kind === 'company') {
    if (event.company_id === scope.companyId) return null;
    const got = event.company_id === '' ? 'none' : JSON.stringify(event.company_id);
    return {
      field: 'company_id',
      message: `this token writes events of company ${JSON.stringify(scope.companyId)} only, got ${got}: set company_id to ${JSON.stringify(scope.companyId)}, or send this event with that company's own token`,
    };
  }
  if (event.company_id === '') return null;
  return {
    field: 'company_id',
    message: `this ingest token has no company_id, so it writes events without a company only, got ${JSON.stringify(event.company_id)}: use a token minted with that company_id, or a platform token with the scope "${SCOPES.ingestAnyCompany}"`,
  };
}
