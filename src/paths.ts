import fs from 'node:fs';
import path from 'node:path';

/**
 * The project root (the folder holding package.json), found by walking up from this file so
 * the same code works from src/ (ts-jest, ts-node) and from dist/src/ (compiled).
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
