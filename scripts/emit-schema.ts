import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printGraphQLSchema } from '../src/graphql/build-schema';
import { projectRoot } from '../src/paths';

/** `npm run schema` (first half): writes schema.graphql from the type-graphql classes. */
const file = path.join(projectRoot(), 'schema.graphql');
fs.writeFileSync(file, printGraphQLSchema());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
