#!/usr/bin/env node
/**
 * Compiling the TypeScript (tsc -p tsconfig.build.json -> dist/) and knowing when it is due.
 * `npm run build` runs this file; `npm install` (scripts/prepare.js) and `npm start`
 * (scripts/start.js) use its functions.
 *
 * A build writes dist/.build-stamp, dated when the compilation started; dist/ is stale when a
 * source of tsconfig.build.json's folders (or a tsconfig, or the lock file) is newer. That is a
 * stat per file, a few milliseconds, so a start after `git pull` or an edit recompiles and any
 * other start does not.
 *
 * Plain JavaScript: it runs before anything is compiled.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
/** tsconfig.build.json's `include`, and the files that decide how it compiles. */
const SOURCE_DIRS = ['src', 'scripts', 'bench', 'client'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestSource() {
  let newest = { file: '', mtimeMs: 0 };
  const consider = (file) => {
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json)$/.test(entry.name)) consider(full);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of CONFIG_FILES) if (fs.existsSync(path.join(root, file))) consider(path.join(root, file));
  return newest;
}

/** Null when dist/ is current; else why it is not, in words. */
function staleReason() {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js')) || !fs.existsSync(stampFile)) return 'dist/ has not been built yet';
  const newest = newestSource();
  return newest.mtimeMs > fs.statSync(stampFile).mtimeMs ? `${path.relative(root, newest.file)} changed after the last build` : null;
}

/** The TypeScript compiler's entry point, or null without devDependencies. */
function findTsc() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    return null;
  }
}

/** Compiles dist/ and stamps it; returns tsc's exit status. */
function compileTypeScript(tsc) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  fs.writeFileSync(stampFile, `${new Date(started).toISOString()}\n`);
  // Dated at the start: a file saved during the compilation is newer, so the next start compiles it.
  fs.utimesSync(stampFile, new Date(started), new Date(started));
  return 0;
}

module.exports = { staleReason, findTsc, compileTypeScript };

if (require.main === module) {
  const tsc = findTsc();
  if (tsc === null) {
    console.error('[build] typescript is not installed: run npm install (with devDependencies) first');
    process.exit(1);
  }
  process.exit(compileTypeScript(tsc));
}
