import type { ApolloServerPlugin } from '@apollo/server';
import type { MiddlewareFn } from 'type-graphql';
import { warningsOf, type QueryWarning } from '../domain/warnings';

export type ReportedWarning = QueryWarning & { path: (string | number)[] };

/** Warnings per operation, keyed by its context value (each operation of a batch has its own copy). */
const reported = new WeakMap<object, ReportedWarning[]>();

/**
 * Global type-graphql middleware: a root field whose service attached warnings to its result
 * (src/domain/warnings.ts) has them recorded under its response key (the alias, if any).
 */
export const reportWarnings: MiddlewareFn<object> = async ({ info, context }, next) => {
  const value: unknown = await next();
  if (info.path.prev === undefined) {
    const warnings = warningsOf(value);
    if (warnings.length > 0) {
      const list = reported.get(context) ?? [];
      for (const w of warnings) list.push({ ...w, path: [info.path.key] });
      reported.set(context, list);
    }
  }
  return value;
};

/** Adds `extensions.warnings: [{ code, argument, value, didYouMean, message, path }]` to a response that has any. */
export function warningsReportPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const warnings = reported.get(contextValue);
          if (!warnings || warnings.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, warnings };
        },
      };
    },
  };
}
