import {
  getVariableValues,
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { PeriodLimits } from '../domain/period';
import { limitError } from './limit-error';
import type { LimitsConfig } from '../config/limits-config';
import { ListArgumentChecker } from './list-arguments';
import { PeriodChecker } from './period-arguments';
import { operationCost } from './query-cost';
import { INTROSPECTION_MAX_DEPTH, ShapeCounter } from './document-shape';
import { walkOperation } from './walk-operation';

/** Fields of one operation after fragment expansion: far above any real dashboard, low enough to walk in microseconds. */
export const MAX_FIELDS = 2000;

export interface OperationLimitsInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's variables as sent. */
  variables: Record<string, unknown> | undefined;
  limits: LimitsConfig;
  periodLimits: PeriodLimits;
  /** Larger list caps for named arguments, `Type.field.argument` (the ingest mutation's events). */
  listOverrides?: Readonly<Record<string, number>>;
}

/** The services' own BAD_USER_INPUT error, answered with HTTP 400 like the other limits. */
const status400 = (error: GraphQLError): GraphQLError => new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });

/**
 * Every limit of one operation that does not depend on who asks, and its cost. Throws the
 * first limit exceeded (depth, aliases, root fields, fields, list lengths, period lengths);
 * returns the cost in points, or null when the variables do not coerce (execution then refuses
 * the operation before any resolver, and so any ClickHouse query, runs).
 */
export function checkOperation(input: OperationLimitsInput): number | null {
  const { schema, document, operation, limits } = input;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], input.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }

  const shape = new ShapeCounter();
  const lists = new ListArgumentChecker(limits.maxListLength, input.listOverrides);
  const periods = new PeriodChecker(input.periodLimits);
  const walk = walkOperation(
    { schema, operation, fragments, variables: coerced.coerced, maxDepth: Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH), maxFields: MAX_FIELDS },
    (field) => {
      shape.visit(field);
      lists.visit(field);
      periods.visit(field);
    },
  );
  const shapeError = shape.check({ ...limits, maxFields: MAX_FIELDS }, walk);
  if (shapeError) throw shapeError;
  if (lists.firstError) throw lists.firstError;
  if (periods.firstError) throw status400(periods.firstError);

  try {
    return operationCost(schema, document, operation.name?.value, input.variables ?? {}, MAX_FIELDS);
  } catch {
    // Only reachable when graphql-query-complexity counts more nodes than the walk above did.
    throw limitError('TOO_MANY_FIELDS', `The operation selects more than ${MAX_FIELDS} fields once its fragments are expanded: select fewer fields.`, {
      limit: MAX_FIELDS,
      actual: MAX_FIELDS + 1,
    });
  }
}
