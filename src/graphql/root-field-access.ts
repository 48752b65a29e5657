import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../resolvers/context';
import { forbidden } from '../domain/errors';
import { canReadMetrics, canWriteEvents, type Viewer } from '../domain/viewer';

/** Mutations and who may call them. A mutation not listed here is refused to everyone. */
const MUTATIONS: Record<string, (viewer: Viewer) => boolean> = {
  ingestEvents: canWriteEvents,
};

/** Queries every authenticated role may call (they reveal no learner data). */
const OPEN_QUERIES = new Set(['serverInfo', '__typename']);

/**
 * Deny by default, checked on every root field before its resolver runs: a new query is only
 * readable by the metric-reading roles, a new mutation by nobody until it is listed above.
 */
export const rootFieldAccess: MiddlewareFn<Context> = async ({ info, context }, next) => {
  const root = info.parentType.name;
  if (root !== 'Query' && root !== 'Mutation') return next();
  const { viewer } = context;
  const field = info.fieldName;
  const allowed = root === 'Mutation' ? (MUTATIONS[field]?.(viewer) ?? false) : OPEN_QUERIES.has(field) || canReadMetrics(viewer);
  if (!allowed) throw forbidden(`role "${viewer.role}" may not ${root === 'Mutation' ? 'call' : 'read'} ${field}`);
  return next();
};
