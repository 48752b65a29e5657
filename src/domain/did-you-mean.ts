/**
 * "Did you mean ...?" for names a person types: envelope fields at ingest, and anything else
 * that has a closed list of right answers. Pure.
 */

/** Case, `_`, `-` and spaces do not tell names apart: `User-ID` is `user_id`. */
const squash = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The candidate closest to `word` within `maxDistance` edits (ignoring case), or undefined. A
 * candidate equal to `word` but for case, `_`, `-` and spaces wins outright. Words of two
 * characters or fewer get no suggestion: anything is within two edits of them.
 */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  if (word.length <= 2) return undefined;
  const target = squash(word);
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const d = squash(name) === target ? 0 : levenshtein(word.toLowerCase(), name.toLowerCase(), maxDistance);
    if (d <= maxDistance && (best === undefined || d < best.distance)) best = { name, distance: d };
  }
  return best?.name;
}

/** Edit distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function levenshtein(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
