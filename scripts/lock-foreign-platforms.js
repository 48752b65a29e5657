#!/usr/bin/env node
/**
 * Records optional platform packages that this machine's registry cannot serve in
 * package-lock.json, the way npm records them elsewhere (name, version, os/cpu, optional).
 *
 * Why: the registry here only carries the Linux builds of platform-specific packages (chDB's
 * @chdb/lib-darwin-*, the @unrs/resolver-binding-* of jest's resolver, ...). `npm install`
 * then leaves them out of the lock file, and `npm ci` (CI) fails with "Missing: ... from lock
 * file". With these entries npm ci sees a complete lock and skips them by os/cpu, never
 * downloading them. Run after every `npm install` that changes dependencies:
 * `node scripts/lock-foreign-platforms.js`.
 */
const fs = require('node:fs');
const path = require('node:path');

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x', wasm32: 'wasm32' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  return os || cpu ? { os, cpu } : null;
}

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${key ? `${key}/` : ''}node_modules/${dep}`;
    if (lock.packages[`node_modules/${dep}`] || lock.packages[nested]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue; // only exact-version platform builds
    lock.packages[`node_modules/${dep}`] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(platform.cpu ? { cpu: [platform.cpu] } : {}),
      ...(platform.os ? { os: [platform.os] } : {}),
    };
    added += 1;
  }
}
// npm sorts package keys; keep the file stable.
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`recorded ${added} foreign-platform optional package(s) in package-lock.json`);
