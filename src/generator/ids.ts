import type { Random } from './random';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[x >>> 24] + HEX[(x >>> 16) & 0xff] + HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];
}

/**
 * A UUID v4-formatted string from the seeded generator (lowercase, version nibble 4, variant
 * 8..b), so ids are valid for a UUID column and still reproducible.
 */
export function uuid(rng: Random): string {
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  const d = rng.uint32();
  const b1 = (b >>> 16) & 0xffff;
  const b2 = 0x4000 | (b & 0x0fff);
  const c1 = 0x8000 | ((c >>> 16) & 0x3fff);
  const c2 = c & 0xffff;
  return (
    hex32(a) +
    '-' +
    HEX[b1 >>> 8] +
    HEX[b1 & 0xff] +
    '-' +
    HEX[b2 >>> 8] +
    HEX[b2 & 0xff] +
    '-' +
    HEX[c1 >>> 8] +
    HEX[c1 & 0xff] +
    '-' +
    HEX[c2 >>> 8] +
    HEX[c2 & 0xff] +
    hex32(d)
  );
}

/** `company-03`: 1-based, at least two digits (more when there are 100+ companies). */
export function companyId(index: number, count: number): string {
  return 'company-' + String(index + 1).padStart(Math.max(2, String(count).length), '0');
}

/** `course-007`: 1-based, at least three digits. */
export function courseId(index: number, count: number): string {
  return 'course-' + String(index + 1).padStart(Math.max(3, String(count).length), '0');
}

/** `course-007-m2` (1-based module number). */
export function moduleId(course: string, moduleIndex: number): string {
  return `${course}-m${moduleIndex + 1}`;
}

/** `course-007-m2-l3` (1-based lesson number within the module). */
export function lessonId(module: string, lessonIndex: number): string {
  return `${module}-l${lessonIndex + 1}`;
}

/** `course-007-exam`: the final exam that gates course completion. */
export function examQuizId(course: string): string {
  return `${course}-exam`;
}
