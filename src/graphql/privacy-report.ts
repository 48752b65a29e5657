import type { ApolloServerPlugin } from '@apollo/server';
import { responsePathAsArray } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { droppedGroups, seriesWithheldReason, withheldNames, withheldReason } from '../domain/privacy';

type ResponsePath = (string | number)[];

/**
 * Withheld response paths per operation, keyed by the operation's context value (Apollo gives
 * each operation of a batch its own shallow copy, so operations do not mix).
 */
const withheldPaths = new WeakMap<object, ResponsePath[]>();

/** Per operation: list fields from which withheld groups were left out, and how many. */
const droppedPaths = new WeakMap<object, { path: ResponsePath; groups: number }[]>();

/** Per operation: series withheld as a whole (HOUR all-or-nothing), with the reason. */
const seriesPaths = new WeakMap<object, { path: ResponsePath; reason: string }[]>();

/**
 * Global type-graphql middleware: after a field resolves, if the object it was read from marks
 * it as withheld by the privacy threshold (src/domain/privacy.ts), its response path (with the
 * alias the client used) is recorded for `extensions.privacy`. The value itself is already null.
 */
export const reportWithheld: MiddlewareFn<object> = async ({ root, info, context }, next) => {
  const value: unknown = await next();
  const dropped = droppedGroups(value);
  const seriesReason = seriesWithheldReason(value);
  if (seriesReason !== null) seriesPaths.set(context, [...(seriesPaths.get(context) ?? []), { path: responsePathAsArray(info.path), reason: seriesReason }]);
  if (dropped > 0) droppedPaths.set(context, [...(droppedPaths.get(context) ?? []), { path: responsePathAsArray(info.path), groups: dropped }]);
  const names = withheldNames(root);
  if (names.length > 0) {
    const field = info.fieldName;
    const items = names.filter((n) => n.startsWith(`${field}.`)).map((n) => Number(n.slice(field.length + 1)));
    if (names.includes(field) || items.length > 0) {
      const path = responsePathAsArray(info.path);
      const paths = withheldPaths.get(context) ?? [];
      if (names.includes(field)) paths.push(path);
      for (const i of items) paths.push([...path, i]);
      withheldPaths.set(context, paths);
    }
  }
  return value;
};

const comparePaths = (a: ResponsePath, b: ResponsePath): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
};

/**
 * Adds `extensions.privacy` to a response in which figures were withheld:
 * `{ code: 'SUPPRESSED', reason, minLearners, paths: [["dau", 3, "value"], ...] }`, plus
 * `withheldGroups: [{ path: ["eventMetrics"], groups: 2 }]` when rows of withheld groups were left out,
 * and `withheldSeries: [{ path, reason }]` for a series withheld as a whole (HOUR all-or-nothing). The data keeps
 * its shape (the values are null); no error is raised, so a dashboard still renders the rest.
 */
export function privacyReportPlugin(minLearners: number): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const paths = withheldPaths.get(contextValue) ?? [];
          const dropped = droppedPaths.get(contextValue) ?? [];
          const series = seriesPaths.get(contextValue) ?? [];
          if ((paths.length === 0 && dropped.length === 0) || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            privacy: {
              code: 'SUPPRESSED',
              reason: withheldReason(minLearners),
              minLearners,
              paths: [...paths].sort(comparePaths),
              ...(dropped.length > 0 ? { withheldGroups: [...dropped].sort((a, b) => comparePaths(a.path, b.path)) } : {}),
              ...(series.length > 0 ? { withheldSeries: [...series].sort((a, b) => comparePaths(a.path, b.path)) } : {}),
            },
          };
        },
      };
    },
  };
}
