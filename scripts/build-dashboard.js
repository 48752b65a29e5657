#!/usr/bin/env node
/**
 * Builds the admin dashboard (dashboard/ -> dashboard/dist) with Vite. `npm install` runs it
 * through the root `prepare` script, so a fresh clone serves the dashboard at `/` after
 * `npm install && npm start`; `npm run build:dashboard` runs it by hand.
 *
 * `--if-stale` builds only when the inputs changed since the last build (a hash of the app's
 * sources, the generated client and the lock file, kept in dist/.inputs-sha256): the browser
 * tests call it so they never test an old bundle, at the cost of a hash when nothing changed.
 *
 * Plain JavaScript: it runs during `npm install`, before anything is compiled.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dashboard = path.join(root, 'dashboard');
const dist = path.join(dashboard, 'dist');
const stampFile = path.join(dist, '.inputs-sha256');

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function inputsHash() {
  const files = [
    ...filesUnder(path.join(dashboard, 'src')),
    ...filesUnder(path.join(root, 'client', 'generated')),
    path.join(dashboard, 'index.html'),
    path.join(dashboard, 'vite.config.mts'),
    path.join(dashboard, 'tsconfig.json'),
    path.join(root, 'package-lock.json'),
  ].sort();
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file)).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function main() {
  const ifStale = process.argv.includes('--if-stale');
  const hash = inputsHash();
  if (ifStale && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === hash) return;
  // React's production build: Vite keeps a NODE_ENV it inherits, and jest runs this with
  // NODE_ENV=test, which bundled React's development build (a third larger, and effects run twice).
  process.env.NODE_ENV = 'production';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    // `npm ci --omit=dev` (a production image) has no build tools: dist must come from a build stage.
    console.warn(
      '[dashboard] not built: vite is not installed (devDependencies omitted). Build it where they are (npm run build:dashboard) and copy dashboard/dist.',
    );
    return;
  }
  const started = Date.now();
  await vite.build({ configFile: path.join(dashboard, 'vite.config.mts'), mode: 'production', logLevel: 'warn' });
  fs.writeFileSync(stampFile, `${hash}\n`);
  console.log(`[dashboard] built dashboard/dist in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  console.error(`[dashboard] build failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
