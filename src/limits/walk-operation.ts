import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** One field of the operation as it will execute: fragments expanded, variables applied. */
export interface VisitedField {
  node: FieldNode;
  def: GraphQLField<unknown, unknown>;
  parentType: GraphQLCompositeType;
  /** 1 for a root field. */
  depth: number;
  /** The argument values with defaults and variables applied ({} when they do not coerce: execution will refuse them). */
  args: Record<string, unknown>;
  /** The field this one is selected in; null for a root field. */
  parent: VisitedField | null;
}

export interface WalkOptions {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Coerced variable values (graphql getVariableValues). */
  variables: Record<string, unknown>;
  /** Fields deeper than this are not descended into (the depth limit has already failed). */
  maxDepth: number;
  /** Stop after this many fields, so a fragment that spreads fragments that spread fragments cannot make the walk exponential. */
  maxFields: number;
}

export interface WalkResult {
  /** Fields visited (a field of a fragment counts once per place the fragment is spread). */
  fields: number;
  /** True when the walk stopped at maxFields. */
  truncated: boolean;
}

/**
 * Visits every field of one operation in document order, expanding fragment spreads where
 * they are used (a fragment spread twice is visited twice, as its fields are resolved twice).
 * Runs after GraphQL validation, so unknown fields and fragment cycles are already refused;
 * they are skipped here rather than trusted.
 */
export function walkOperation(options: WalkOptions, visit: (field: VisitedField) => void): WalkResult {
  const { schema, operation, fragments, variables, maxDepth, maxFields } = options;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const result: WalkResult = { fields: 0, truncated: false };
  if (!root) return result;

  const fieldDef = (parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (parentType === root && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (parentType === root && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
  };

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, parent: VisitedField | null, depth: number, activeFragments: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (result.truncated) return;
      if (selection.kind === Kind.FIELD) {
        const def = fieldDef(parentType, selection.name.value);
        if (!def) continue;
        result.fields += 1;
        if (result.fields > maxFields) {
          result.truncated = true;
          return;
        }
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(def, selection, variables);
        } catch {
          // A value that does not coerce: execution refuses it before any resolver runs.
        }
        const field: VisitedField = { node: selection, def, parentType, depth, args, parent };
        visit(field);
        const type = getNamedType(def.type);
        if (selection.selectionSet && isCompositeType(type) && depth <= maxDepth) walk(selection.selectionSet, type, field, depth + 1, activeFragments);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type, parent, depth, activeFragments);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || activeFragments.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (!type || !isCompositeType(type)) continue;
        activeFragments.add(name);
        walk(fragment.selectionSet, type, parent, depth, activeFragments);
        activeFragments.delete(name);
      }
    }
  };

  walk(operation.selectionSet, root, null, 1, new Set());
  return result;
}
