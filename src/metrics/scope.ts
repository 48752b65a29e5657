declare const scopeBrand: unique symbol;

/**
 * Which companies' events a metric query may read. Every repository method that reads
 * metrics takes one, so a query cannot be written without a tenancy decision: forgetting it
 * is a type error. The brand means a scope can only come from `resolveScope`, never from an
 * object literal built in a resolver.
 */
export type TenantScope = { readonly companyId: string | null; readonly [scopeBrand]: true };

/**
 * The tenancy decision for one request: `companyId` is the company asked for (null = all).
 * Access control (which viewer may ask for which company) happens before this is called.
 */
export function resolveScope(companyId: string | null | undefined): TenantScope {
  return { companyId: companyId ?? null } as TenantScope;
}
