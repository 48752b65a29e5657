#!/usr/bin/env node
/**
 * `npm start`: runs the compiled server (dist/src/main.js) that `npm install` compiled. It
 * compiles first only when a source changed after that build (scripts/compile.js), and says
 * so; otherwise nothing is compiled.
 *
 * Plain JavaScript: it runs before anything is compiled.
 */
const path = require('node:path');
const { compileTypeScript, findTsc, staleReason } = require('./compile');

const reason = staleReason();
if (reason !== null) {
  const tsc = findTsc();
  if (tsc === null) {
    console.error(`[start] ${reason}, and typescript is not installed to compile it: run npm install, or npm run build where it is`);
    process.exit(1);
  }
  const started = Date.now();
  console.error(`[start] ${reason}: compiling TypeScript first...`);
  const status = compileTypeScript(tsc);
  if (status !== 0) {
    console.error('[start] TypeScript compilation failed (errors above): fix them, then npm start again');
    process.exit(status);
  }
  console.error(`[start] compiled in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
// In this process: a second node process would cost another start-up.
require(path.join(__dirname, '..', 'dist', 'src', 'main.js'));
