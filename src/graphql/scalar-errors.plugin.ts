import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import { ScalarInputError } from '../schema/scalars';

/** Value kinds: inside a list, their index is part of the argument's path (`steps[1]`). */
const VALUE_KINDS: ReadonlySet<string> = new Set([
  Kind.VARIABLE,
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
]);

/** Where a value node sits in the document: the field's response key and the argument path (`period.from`). */
export function argumentPathOf(document: DocumentNode, target: ASTNode): { field: string; argument: string } | null {
  const fields: string[] = [];
  const path: string[] = [];
  let found: { field: string; argument: string } | null = null;
  const pushed: boolean[] = [];
  visit(document, {
    enter(node, key) {
      let push: string | null = null;
      if (node.kind === Kind.FIELD) fields.push(node.alias?.value ?? node.name.value);
      else if (node.kind === Kind.ARGUMENT) push = node.name.value;
      else if (node.kind === Kind.OBJECT_FIELD) push = `.${node.name.value}`;
      else if (VALUE_KINDS.has(node.kind) && typeof key === 'number') push = `[${key}]`;
      if (push !== null) path.push(push);
      pushed.push(push !== null);
      if (node === target) {
        found = { field: fields.join('.'), argument: path.join('') };
        return BREAK;
      }
      return undefined;
    },
    leave(node) {
      if (pushed.pop()) path.pop();
      if (node.kind === Kind.FIELD) fields.pop();
    },
  });
  return found;
}

/**
 * A scalar that refused a value written in the document (src/schema/scalars.ts) knows the
 * format but not where the value stands; this names the argument in front of its message:
 * `Argument period.from of dau: Date must be a calendar day written YYYY-MM-DD, ...`, and
 * sets `extensions.argumentName` as BAD_USER_INPUT errors do. (Values sent as variables already
 * carry the variable and its path, from graphql-js.)
 */
export function scalarErrorsPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart({ document }) {
          return async (errors) => {
            for (const error of errors ?? []) {
              if (!(error instanceof ScalarInputError)) continue;
              const node = error.nodes?.[0];
              if (node === undefined) continue;
              const where = argumentPathOf(document, node);
              if (where === null) continue;
              // The error object is graphql-js's own, wrapped by Apollo right after this hook.
              error.message = `Argument ${where.argument} of ${where.field}: ${error.message}`;
              Object.assign(error.extensions, { argumentName: where.argument });
            }
          };
        },
      };
    },
  };
}
