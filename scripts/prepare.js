#!/usr/bin/env node
/**
 * `npm install` runs this (the root `prepare` script): it compiles the TypeScript once
 * (scripts/compile.js -> dist/) and builds the admin dashboard (scripts/build-dashboard.js), so
 * `npm start` runs the compiled server at once instead of compiling on every start.
 *
 * Without devDependencies (`npm ci --omit=dev`) there is no compiler: it says so and leaves
 * dist/ to a build stage (the Dockerfile builds in one and copies dist/ and dashboard/dist).
 *
 * Plain JavaScript: it runs during `npm install`, before anything is compiled.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { compileTypeScript, findTsc } = require('./compile');

const tsc = findTsc();
if (tsc === null) {
  console.warn('[build] TypeScript not compiled: typescript is not installed (devDependencies omitted). Build dist/ where it is (npm run build).');
} else {
  const started = Date.now();
  console.log('[build] compiling TypeScript to dist/ (once, so npm start does not have to)...');
  const status = compileTypeScript(tsc);
  if (status !== 0) {
    console.error('[build] TypeScript compilation failed (errors above)');
    process.exit(status);
  }
  console.log(`[build] compiled dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
const dashboard = spawnSync(process.execPath, [path.join(__dirname, 'build-dashboard.js')], { stdio: 'inherit' });
process.exit(dashboard.status ?? 1);
