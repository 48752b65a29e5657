import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { printGraphQLSchema } from '../../src/graphql/build-schema';
import { projectRoot } from '../../src/paths';

/**
 * schema.graphql and client/generated/ are committed so clients can code against them. These
 * tests fail when a field changes in code without `npm run schema`.
 */
describe('committed schema and generated client code', () => {
  const root = projectRoot();

  it('schema.graphql matches the schema built from the code', () => {
    const committed = fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8');
    expect(printGraphQLSchema()).toBe(committed);
  });

  it('client/generated matches what codegen.yml generates from schema.graphql and client/operations', () => {
    // Run in a plain node process: codegen's CLI loads ES modules that jest's loader cannot.
    // generate(config, false) returns the files instead of writing them.
    const script =
      "const codegen = require('@graphql-codegen/cli');" +
      "codegen.loadCodegenConfig({ configFilePath: 'codegen.yml' })" +
      '.then((loaded) => codegen.generate({ ...loaded.config, silent: true }, false))' +
      '.then((o) => process.stdout.write(JSON.stringify(o)))';
    const outputs = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = fs.readFileSync(path.join(root, output.filename), 'utf8');
      expect({ file: output.filename, content: committed }).toEqual({ file: output.filename, content: output.content });
    }
  });
});
