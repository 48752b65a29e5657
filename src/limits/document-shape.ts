import type { GraphQLError } from 'graphql';
import { limitError } from './limit-error';
import type { VisitedField, WalkResult } from './walk-operation';

/**
 * How deep fields under `__schema` / `__type` may nest: the introspection query of GraphiQL and
 * graphql-codegen (graphql-js getIntrospectionQuery) is 15 levels deep. Answered from memory,
 * never from ClickHouse, but still bounded: nested introspection is the classic depth attack.
 */
export const INTROSPECTION_MAX_DEPTH = 15;

export interface ShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Fields after fragment expansion; a document past this is refused whatever its other figures. */
  maxFields: number;
}

/** Depth, aliases and root fields of one operation, counted while it is walked. */
export class ShapeCounter {
  /** Deepest field outside introspection. */
  depth = 0;
  /** Deepest field under __schema / __type. */
  introspectionDepth = 0;
  aliases = 0;
  private readonly rootKeys = new Set<string>();

  visit(field: VisitedField): void {
    let root = field;
    while (root.parent) root = root.parent;
    const introspection = root.node.name.value === '__schema' || root.node.name.value === '__type';
    if (introspection) this.introspectionDepth = Math.max(this.introspectionDepth, field.depth);
    else this.depth = Math.max(this.depth, field.depth);
    if (field.node.alias) this.aliases += 1;
    // Fields with one response key are merged and resolved once, so they count once;
    // __typename costs nothing.
    if (field.depth === 1 && field.node.name.value !== '__typename') this.rootKeys.add((field.node.alias ?? field.node.name).value);
  }

  get rootFields(): number {
    return this.rootKeys.size;
  }

  /** The first limit exceeded, in the order depth, aliases, root fields, fields; null when none. */
  check(limits: ShapeLimits, walk: WalkResult): GraphQLError | null {
    if (this.depth > limits.maxDepth) {
      return limitError(
        'QUERY_TOO_DEEP',
        `The operation nests fields more than ${limits.maxDepth} levels deep: select fewer nested levels (fragments do not count as levels, their fields do).`,
        { limit: limits.maxDepth, actual: this.depth },
      );
    }
    const introspectionLimit = Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH);
    if (this.introspectionDepth > introspectionLimit) {
      return limitError(
        'QUERY_TOO_DEEP',
        `The introspection part of the operation nests fields more than ${introspectionLimit} levels deep; the standard introspection query needs ${INTROSPECTION_MAX_DEPTH}: select fewer nested ofType/fields levels.`,
        { limit: introspectionLimit, actual: this.introspectionDepth },
      );
    }
    if (this.aliases > limits.maxAliases) {
      return limitError(
        'TOO_MANY_ALIASES',
        `The operation uses ${this.aliases}${walk.truncated ? ' or more' : ''} aliases; at most ${limits.maxAliases} are allowed: ask for several items through one list argument where there is one (courses(ids:), companies(ids:)), or split the work over several requests.`,
        { limit: limits.maxAliases, actual: this.aliases },
      );
    }
    if (this.rootFields > limits.maxRootFields) {
      return limitError(
        'TOO_MANY_ROOT_FIELDS',
        `The operation asks for ${this.rootFields}${walk.truncated ? ' or more' : ''} root fields; at most ${limits.maxRootFields} are allowed in one operation: split it into several requests.`,
        { limit: limits.maxRootFields, actual: this.rootFields },
      );
    }
    if (walk.truncated) {
      return limitError(
        'TOO_MANY_FIELDS',
        `The operation selects more than ${limits.maxFields} fields once its fragments are expanded: select fewer fields or spread fragments fewer times.`,
        { limit: limits.maxFields, actual: walk.fields },
      );
    }
    return null;
  }
}
