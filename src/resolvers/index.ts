import fs from 'node:fs';
import path from 'node:path';
import { getMetadataStorage, type NonEmptyArray } from 'type-graphql';

/**
 * Every resolver class of the schema: the classes decorated with @Resolver in this folder's
 * `*.resolver.ts` files (`.js` once built), in file-name order. A new resolver file is part of
 * the schema without a registration line elsewhere; type-graphql 2 no longer loads resolvers by
 * glob, so this does the same with a directory listing. The committed schema.graphql (and its
 * drift test) shows what the files add up to.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type for resolver classes
type ResolverClass = Function;

export function loadResolvers(): NonEmptyArray<ResolverClass> {
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => /\.resolver\.(ts|js)$/.test(name))
    .sort();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name, see above
  const exported = files.flatMap((name) => Object.values(require(path.join(__dirname, name)) as Record<string, unknown>));
  const decorated = new Set(getMetadataStorage().resolverClasses.map((r) => r.target));
  const classes = exported.filter((value): value is ResolverClass => typeof value === 'function' && decorated.has(value));
  if (classes.length === 0) throw new Error(`no @Resolver classes in ${__dirname}: expected *.resolver.ts files`);
  return classes as NonEmptyArray<ResolverClass>;
}
