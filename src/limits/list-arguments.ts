import { isInputObjectType, isListType, isNonNullType, type GraphQLError, type GraphQLInputType } from 'graphql';
import { limitError } from './limit-error';
import type { VisitedField } from './walk-operation';

/**
 * A generic cap on every list in an argument (ids, steps, eventTypes, groupBy, lists inside
 * input objects), whether written in the document or sent as a variable. Services keep their
 * own tighter rules per argument (e.g. 2 to 20 funnel steps); this stops a 100,000-id list
 * before any of them, or any query, runs. `overrides` raises the cap for named arguments
 * (`Type.field.argument`), such as the events of the ingest mutation.
 */
export class ListArgumentChecker {
  private error: GraphQLError | null = null;

  constructor(
    private readonly maxLength: number,
    private readonly overrides: Readonly<Record<string, number>> = {},
  ) {}

  visit(field: VisitedField): void {
    if (this.error) return;
    for (const arg of field.def.args) {
      const value = field.args[arg.name];
      if (value === undefined || value === null) continue;
      const limit = this.overrides[`${field.parentType.name}.${field.def.name}.${arg.name}`] ?? this.maxLength;
      this.error = this.checkValue(arg.type, value, arg.name, limit, field);
      if (this.error) return;
    }
  }

  get firstError(): GraphQLError | null {
    return this.error;
  }

  private checkValue(type: GraphQLInputType, value: unknown, path: string, limit: number, field: VisitedField): GraphQLError | null {
    if (value === null || value === undefined) return null;
    const unwrapped = isNonNullType(type) ? type.ofType : type;
    if (isListType(unwrapped)) {
      if (!Array.isArray(value)) return null;
      if (value.length > limit) {
        return limitError(
          'LIST_TOO_LONG',
          `${path}: ${value.length} items in one list (argument of ${field.def.name}); at most ${limit} are allowed: send fewer (split them over several requests).`,
          { limit, actual: value.length, argumentName: path },
        );
      }
      for (let i = 0; i < value.length; i += 1) {
        const error = this.checkValue(unwrapped.ofType, value[i], `${path}[${i}]`, this.maxLength, field);
        if (error) return error;
      }
      return null;
    }
    if (isInputObjectType(unwrapped) && typeof value === 'object') {
      for (const inner of Object.values(unwrapped.getFields())) {
        const error = this.checkValue(inner.type, (value as Record<string, unknown>)[inner.name], `${path}.${inner.name}`, this.maxLength, field);
        if (error) return error;
      }
    }
    return null;
  }
}
