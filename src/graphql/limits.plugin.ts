import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../resolvers/context';
import type { Config } from '../config/config';
import { currentRequest, type RequestState } from '../observability/request-context';
import { checkOperation } from '../limits/operation-limits';
import { overBudget } from '../limits/query-cost';

/** Points already spent by the operations of one HTTP request (a batch shares one budget). */
const spent = new WeakMap<RequestState, number>();

/**
 * Checks every operation against the limits (src/limits/operation-limits.ts) and the viewer's
 * cost budget after GraphQL validation and before execution, so a refused operation runs no
 * resolver and no ClickHouse query. Errors carry HTTP 400.
 *
 * The budget is per HTTP request: the operations of a batch are charged as each is planned,
 * and one that would go over the budget is refused (the ones planned before it still run).
 */
export function limitsPlugin(config: Config): ApolloServerPlugin<Context> {
  const periodLimits = { maxDays: config.maxPeriodDays, maxHourDays: config.maxHourPeriodDays };
  const listOverrides = { 'Mutation.ingestEvents.events': Math.max(config.ingestMaxEvents, config.limits.maxListLength) };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // No operation (e.g. several and no operationName): execution refuses it without running anything.
          if (!operation) return;
          const cost = checkOperation({ schema, document, operation, variables: request.variables, limits: config.limits, periodLimits, listOverrides });
          if (cost === null) return;
          const role = contextValue.viewer.role;
          const budget = config.limits.costBudget[role];
          const state = currentRequest();
          const before = state ? (spent.get(state) ?? 0) : 0;
          if (before + cost > budget) throw overBudget(cost, budget, role, before);
          if (state) spent.set(state, before + cost);
          // The scheduler's priority: the request's statements queue by what the whole request costs.
          if (contextValue.budget) contextValue.budget.cost = before + cost;
        },
      };
    },
  };
}
