import { AsyncLocalStorage } from 'node:async_hooks';
import type { Viewer } from '../domain/viewer';

/**
 * What cuts across one HTTP request and is only ever read for logs and metrics: the request id,
 * the viewer (role and company in the request log) and the GraphQL operation names. Nothing
 * here changes what a request may read or how a query runs: tenancy and the role's ClickHouse
 * limits travel explicitly (services.forRequest, db.withSettings).
 */
export interface RequestState {
  requestId: string;
  viewer?: Viewer;
  /** GraphQL operation names answered in this request (several for a batch), for the request log. */
  operations?: string[];
}

const storage = new AsyncLocalStorage<RequestState>();

export function runInRequest<T>(state: RequestState, fn: () => T): T {
  return storage.run(state, fn);
}

export function currentRequest(): RequestState | undefined {
  return storage.getStore();
}
