import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClickHouseSettings } from '@clickhouse/client';
import type { Viewer } from '../auth/viewer';

/** What every part of one HTTP request may need without passing it through every call. */
export interface RequestState {
  requestId: string;
  viewer?: Viewer;
  /** Per-role limits added to every ClickHouse query this request makes. */
  clickhouseSettings?: ClickHouseSettings;
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
