import type { Viewer } from '../auth/viewer';
import { forbidden } from '../auth/auth-errors';

declare const scopeBrand: unique symbol;

/**
 * Which companies' events a metric query may read. Every repository method that reads
 * metrics takes one, so a query cannot be written without a tenancy decision: forgetting it
 * is a type error. The brand means a scope can only come from `resolveScope`, never from an
 * object literal built in a resolver.
 */
export type TenantScope = { readonly companyId: string | null; readonly [scopeBrand]: true };

/**
 * The tenancy decision, deny by default: a partner always gets its own company (asking for
 * another one is FORBIDDEN, asking for none means its own); admin and analyst get the company
 * they ask for, or all; any other role reads nothing.
 */
export function resolveScope(viewer: Viewer, companyId: string | null | undefined): TenantScope {
  const asked = companyId ?? null;
  if (viewer.role === 'partner') {
    if (asked !== null && asked !== viewer.companyId) throw forbidden(`a partner token for ${viewer.companyId} may not read company ${asked}`);
    return { companyId: viewer.companyId } as TenantScope;
  }
  if (viewer.role === 'admin' || viewer.role === 'analyst') return { companyId: asked } as TenantScope;
  throw forbidden(`role "${viewer.role}" may not read metrics`);
}
