import type { DocumentNode, GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import type { Role } from '../domain/viewer';
import { COST, defaultCost } from './costs';
import { limitError } from './limit-error';

/**
 * The cost of one operation in points (graphql-query-complexity): each field's `complexity`
 * option (src/limits/costs.ts), lists multiplied by the items they may return.
 * Throws graphql-query-complexity's error when the document expands past `maxFields` nodes.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  maxFields: number,
): number {
  return getComplexity({ schema, query: document, operationName, variables, estimators: [fieldExtensionsEstimator(), defaultCost], maxQueryNodes: maxFields });
}

/** QUERY_TOO_COMPLEX: what the operation costs, the role's budget and how to get under it. */
export function overBudget(cost: number, budget: number, role: Role, spentBefore: number) {
  const batch = spentBefore > 0 ? ` (${spentBefore} already spent by earlier operations of this batch)` : '';
  return limitError(
    'QUERY_TOO_COMPLEX',
    `This operation costs ${cost} points${batch}; ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} token may spend ${budget} per request. ` +
      `Raw-event fields (funnel, retention, eventMetrics, learner, cohortCompletionRate) cost ${COST.RAW_QUERY}, rollup fields ${COST.ROLLUP_QUERY}, ` +
      'and whatever is selected under a list is charged once per item it may return (its ids or limit): ask for fewer items or fields, or split the work over several requests.',
    { limit: budget, actual: spentBefore + cost, cost, role },
  );
}
