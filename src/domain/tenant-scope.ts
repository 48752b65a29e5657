import type { Viewer } from './viewer';
import { forbidden } from './errors';

declare const scopeBrand: unique symbol;

/**
 * Which companies' events a metric query may read, and whether its figures are thresholded.
 * Every repository method that reads metrics takes one, so a query cannot be written without a
 * tenancy decision: forgetting it is a type error. The brand means a scope can only come from
 * `resolveScope`, never from an object literal built in a resolver.
 *
 * `minLearners`: the privacy threshold of the view (src/domain/privacy.ts): a figure about
 * fewer distinct learners is withheld. Set for partners; null (never thresholded) for admin
 * and analyst, whose queries then skip the learner counts altogether.
 */
export type TenantScope = { readonly companyId: string | null; readonly minLearners: number | null; readonly [scopeBrand]: true };

/**
 * The tenancy decision, deny by default: a partner always gets its own company (asking for
 * another one is FORBIDDEN, asking for none means its own) and the privacy threshold
 * `minLearners` (config privacyMinLearners; 0 turns it off); admin and analyst get the company
 * they ask for, or all, unthresholded; any other role reads nothing.
 */
export function resolveScope(viewer: Viewer, companyId: string | null | undefined, minLearners: number): TenantScope {
  const asked = companyId ?? null;
  if (viewer.role === 'partner') {
    if (asked !== null && asked !== viewer.companyId) throw forbidden(`a partner token for ${viewer.companyId} may not read company ${asked}`);
    return { companyId: viewer.companyId, minLearners: minLearners > 0 ? minLearners : null } as TenantScope;
  }
  if (viewer.role === 'admin' || viewer.role === 'analyst') return { companyId: asked, minLearners: null } as TenantScope;
  throw forbidden(`role "${viewer.role}" may not read metrics`);
}

/**
 * The tenancy decisions of one viewer, built once per request (services.forRequest) and handed
 * to every metric service, which asks it for the scope of each query it runs. Resolvers, CSV
 * reports and the admin route never decide tenancy: they pass the arguments on.
 */
export class Tenancy {
  constructor(
    readonly viewer: Viewer,
    /** PRIVACY_MIN_LEARNERS: the threshold of partner views (0 = off). */
    private readonly minLearners: number,
  ) {}

  /** The scope of a query that names `companyId` (or none): FORBIDDEN for another company's partner. */
  scopeFor(companyId: string | null | undefined): TenantScope {
    return resolveScope(this.viewer, companyId, this.minLearners);
  }
}
