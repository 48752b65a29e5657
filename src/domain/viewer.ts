/** Who is asking: from a verified token, never from request arguments. */
export type Role = 'admin' | 'analyst' | 'partner' | 'ingest';

export const ROLES: readonly Role[] = ['admin', 'analyst', 'partner', 'ingest'];

export interface Viewer {
  /** The token's `sub`. */
  subject: string;
  role: Role;
  /** The partner's company, or the one company an ingest token may write (src/ingest/write-scope.ts); null otherwise. */
  companyId: string | null;
  scopes: string[];
}

/**
 * Token scopes that widen what a role may do beyond its defaults (claim `scopes`, or the
 * space-separated OAuth `scope`).
 *
 * - `learners:read`: learner-level reads (`learner(userId)`, per-learner lists). Admin and
 *   analyst have it by role (platform staff); a partner has it only when its token carries it
 *   (the employer's right to its own employees' records, granted explicitly).
 * - `ingest:any-company`: an ingest token without `company_id` may write events of any company
 *   (platform-wide sources); without it, such a token writes only events without a company.
 */
export const SCOPES = { learnersRead: 'learners:read', ingestAnyCompany: 'ingest:any-company' } as const;

export function hasScope(viewer: Viewer, scope: string): boolean {
  return viewer.scopes.includes(scope);
}

/** admin and analyst read every company; partner reads its own; ingest reads nothing. */
export function canReadMetrics(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'analyst' || viewer.role === 'partner';
}

/** admin and ingest (service tokens) may write events. */
export function canWriteEvents(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'ingest';
}
