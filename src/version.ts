import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths';

/** The service version, from package.json. */
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')).version;
