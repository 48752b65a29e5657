/** Who is asking: from a verified token, never from request arguments. */
export type Role = 'admin' | 'analyst' | 'partner' | 'ingest';

export const ROLES: readonly Role[] = ['admin', 'analyst', 'partner', 'ingest'];

export interface Viewer {
  /** The token's `sub`. */
  subject: string;
  role: Role;
  /** The partner's company; null for the other roles. */
  companyId: string | null;
  scopes: string[];
}

/** admin and analyst read every company; partner reads its own; ingest reads nothing. */
export function canReadMetrics(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'analyst' || viewer.role === 'partner';
}

/** admin and ingest (service tokens) may write events. */
export function canWriteEvents(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'ingest';
}
