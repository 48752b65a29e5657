import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../resolvers/context';
import { answerKey, type AnswerCache } from './answer-cache';

/**
 * Serves a query operation from the answer cache when the same document, operation name and
 * variables were answered for the same viewer scope (role, company, scopes) at the current data
 * version; otherwise runs it and keeps an error-free answer. Runs after validation and the
 * limits plugin (didResolveOperation), so a cached answer is still refused to a document over
 * the limits or the viewer's budget, and the root-field access checks ran on the document.
 * Mutations, responses with errors and stopped requests are never kept.
 */
export function answerCachePlugin(cache: AnswerCache | undefined, version: () => number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      if (!cache) return {};
      let key: string | undefined;
      let versionAtStart = 0;
      let hit = false;
      return {
        async responseForOperation({ operation, request, queryHash, contextValue }) {
          if (operation.operation !== 'query' || queryHash === undefined) return null;
          const viewer = contextValue.viewer;
          const scope = JSON.stringify([viewer.role, viewer.companyId, [...viewer.scopes].sort()]);
          versionAtStart = version();
          key = answerKey({ documentHash: queryHash, operationName: request.operationName, variables: request.variables, scope });
          const answer = cache.get(key, versionAtStart);
          if (!answer) return null;
          hit = true;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: answer } };
        },
        async willSendResponse({ response, contextValue }) {
          if (!key || hit || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if ((result.errors && result.errors.length > 0) || !result.data || contextValue.budget?.reason) return;
          cache.set(key, versionAtStart, { data: result.data, ...(result.extensions ? { extensions: result.extensions } : {}) });
        },
      };
    },
  };
}
