import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { rootFieldAccess } from './root-field-access';
import { loadResolvers } from '../resolvers';
import { reportWithheld } from './privacy-report';
import { reportWarnings } from './warnings-report';

let cached: GraphQLSchema | undefined;

/** The executable schema, built once per process from the type-graphql classes. */
export function buildGraphQLSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({ resolvers: loadResolvers(), validate: false, globalMiddlewares: [rootFieldAccess, reportWithheld, reportWarnings] });
  return cached;
}

export const SCHEMA_HEADER = '# Generated from the type-graphql classes in src/ by `npm run schema`. Do not edit.\n\n';

/** The SDL committed as schema.graphql, sorted so it does not depend on file load order. */
export function printGraphQLSchema(schema = buildGraphQLSchema()): string {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
