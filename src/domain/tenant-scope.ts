import { hasScope, SCOPES, type Viewer } from './viewer';
import { forbidden } from './errors';

declare const scopeBrand: unique symbol;
declare const learnerBrand: unique symbol;

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
 * A scope that may read individual learners' records (one learner's figures, per-learner lists).
 * Only `Tenancy.learnerScopeFor` makes one, and only for a viewer holding `learners:read`
 * (admin and analyst by role); learner-level repository methods take this type, so a service
 * cannot reach them with an ordinary (aggregate) scope. Never thresholded: a learner-level read
 * is about one person by design, and the right to it is the scope itself.
 */
export type LearnerScope = TenantScope & { readonly minLearners: null; readonly [learnerBrand]: true };

/** Whether the viewer may read learner-level records: admin and analyst by role, a partner only with `learners:read`. */
export function mayReadLearners(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'analyst' || (viewer.role === 'partner' && hasScope(viewer, SCOPES.learnersRead));
}

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

  /**
   * The scope of a learner-level read (`learner(userId)`, a per-learner list) naming `companyId`
   * (or none): the company decision of `scopeFor` (a partner reads its own company only), and
   * FORBIDDEN unless the viewer holds `learners:read` (a partner token without it reads
   * aggregates only, thresholded).
   */
  learnerScopeFor(companyId: string | null | undefined): LearnerScope {
    const scope = resolveScope(this.viewer, companyId, this.minLearners);
    if (!mayReadLearners(this.viewer)) {
      throw forbidden(
        `learner-level reads need the token scope "${SCOPES.learnersRead}": this ${this.viewer.role} token reads aggregate figures only; ask the platform for a token with that scope if your company has the right to its employees' records`,
      );
    }
    return { companyId: scope.companyId, minLearners: null } as LearnerScope;
  }
}
