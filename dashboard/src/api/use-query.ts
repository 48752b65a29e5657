import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useSession } from '../auth/session-context';
import { ApiError, request, type Answer } from './client';

export type QueryState<T> =
  { status: 'loading'; answer: null; error: null } | { status: 'error'; answer: null; error: ApiError } | { status: 'done'; answer: Answer<T>; error: null };

export interface QueryResult<T> {
  state: QueryState<T>;
  reload(): void;
}

/**
 * Runs a query whenever its variables change (compared as JSON), cancelling the request before.
 * `variables: null` waits (e.g. until a selection exists). A refused token signs the user out.
 */
export function useQuery<T, V>(document: TypedDocumentNode<T, V>, variables: V | null): QueryResult<T> {
  const session = useSession();
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', answer: null, error: null });
  const [attempt, setAttempt] = useState(0);
  const key = variables === null ? null : JSON.stringify(variables);

  useEffect(() => {
    if (key === null || !session) return undefined;
    const controller = new AbortController();
    setState({ status: 'loading', answer: null, error: null });
    request(document, JSON.parse(key) as V, session.token, controller.signal).then(
      (answer) => setState({ status: 'done', answer, error: null }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(String(error), null);
        setState({ status: 'error', answer: null, error: apiError });
        if (apiError.signInAgain) session.signOut(apiError.message);
      },
    );
    return () => controller.abort();
  }, [document, key, session, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
