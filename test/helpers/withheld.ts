import { buildGraphQLSchema } from '../../src/graphql/build-schema';

/** Every root query field of the executable schema: the matrices fail when one has no case. */
export function queryFieldNames(): string[] {
  return Object.keys(buildGraphQLSchema().getQueryType()!.getFields()).sort();
}

export type ResponsePath = (string | number)[];

/** What the privacy threshold adds to a response (src/graphql/privacy-report.ts). */
export interface PrivacyExtension {
  code: string;
  reason: string;
  minLearners: number;
  paths: ResponsePath[];
  /** Lists from which withheld groups were left out, and how many (withheld groups are absent). */
  withheldGroups?: { path: ResponsePath; groups: number }[];
}

export interface Comparison {
  /** Leaves equal in both answers, with the nearest field name above them. */
  shown: { path: ResponsePath; field: string }[];
  /** Leaves null in the thresholded answer where the reference differs, and the paths of left-out groups. */
  withheld: ResponsePath[];
  /** Anything else: a difference that is not a withheld figure (must be empty). */
  problems: string[];
}

const key = (path: ResponsePath) => JSON.stringify(path);

/**
 * Walks a thresholded answer next to the unthresholded reference for the same company. Every
 * leaf must be equal, or null and listed in `paths` (then the reference may hold anything). A
 * listed path must point at a null. Returns what was shown and what was withheld.
 */
export function compareWithheld(
  thresholded: unknown,
  reference: unknown,
  paths: readonly ResponsePath[] = [],
  withheldGroups: readonly { path: ResponsePath; groups: number }[] = [],
): Comparison {
  const listed = new Set(paths.map(key));
  const dropped = new Map(withheldGroups.map((g) => [key(g.path), g.groups]));
  const walk = (a: unknown, b: unknown, path: ResponsePath, field: string, result: Comparison) => {
    if (listed.has(key(path))) {
      if (a === null) result.withheld.push(path);
      else result.problems.push(`${key(path)} is listed as withheld but holds ${JSON.stringify(a)}`);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a) && dropped.has(key(path))) {
      // Left-out groups: the thresholded list is the reference minus that many items, in order.
      // Items are matched in order to the first reference item they compare equal to.
      // The reference may be cut by `limit` before the left-out rows are (partner views decide on
      // the whole table, then cut): it is then a prefix, and partner items past it are not compared.
      if (a.length + dropped.get(key(path))! < b.length)
        result.problems.push(`${key(path)}: ${a.length} items + ${dropped.get(key(path))} left out, reference ${b.length}`);
      let j = 0;
      a.forEach((item, i) => {
        for (; j < b.length; j++) {
          const trial: Comparison = { shown: [], withheld: [], problems: [] };
          walk(item, b[j], [...path, i], field, trial);
          if (trial.problems.length === 0) {
            result.shown.push(...trial.shown);
            result.withheld.push(...trial.withheld);
            j++;
            return;
          }
        }
        if (a.length + dropped.get(key(path))! === b.length) result.problems.push(`${key([...path, i])}: no matching item in the reference`);
      });
      result.withheld.push(...Array.from({ length: dropped.get(key(path))! }, () => path));
      return;
    }
    if (Array.isArray(b) && Array.isArray(a)) {
      if (a.length !== b.length) result.problems.push(`${key(path)}: ${a.length} items, reference ${b.length}`);
      b.forEach((item, i) => walk(a[i], item, [...path, i], field, result));
      return;
    }
    if (b !== null && typeof b === 'object' && a !== null && typeof a === 'object') {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k], k, result);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) result.shown.push({ path, field });
    else
      result.problems.push(
        `${key(path)}: ${JSON.stringify(a)}, reference ${JSON.stringify(b)}${a === null ? ' (null but not listed in extensions.privacy)' : ''}`,
      );
  };
  const result: Comparison = { shown: [], withheld: [], problems: [] };
  walk(thresholded, reference, [], '', result);
  for (const p of paths) {
    let v: unknown = thresholded;
    for (const k of p) v = v === null || v === undefined ? undefined : (v as Record<string | number, unknown>)[k];
    if (v !== null) result.problems.push(`${key(p)} is listed as withheld but is ${JSON.stringify(v)}`);
  }
  return result;
}
