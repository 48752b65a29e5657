/**
 * The dashboard's only way to the API: POST /graphql on this origin with the typed documents
 * generated from client/operations (`npm run schema`), so a variable of the wrong type or a
 * field an operation does not select is a compile error here.
 */
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/**
 * Figures a partner view withheld: the privacy threshold nulls every figure about fewer than
 * `minLearners` distinct learners and lists the value's response path in `extensions.privacy`.
 */
export interface Withheld {
  minLearners: number;
  /** Response paths joined with dots: `dau.3.value`. */
  paths: ReadonlySet<string>;
  /** Lists from which whole groups were left out (withheld groups are absent), by path: how many. */
  groups: ReadonlyMap<string, number>;
}

export interface Answer<T> {
  data: T;
  withheld: Withheld | null;
}

/** A request that did not give data: what was wrong, and the HTTP status (null: no answer). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The token was missing, expired or refused: the user has to sign in again. */
  get signInAgain(): boolean {
    return this.status === 401;
  }
}

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    privacy?: { minLearners: number; paths: (string | number)[][]; withheldGroups?: { path: (string | number)[]; groups: number }[] };
  };
  /** Non-GraphQL answers of the token check and rate limiter: `{ "error": "..." }`. */
  error?: string;
}

const printed = new WeakMap<object, string>();
function queryText(document: TypedDocumentNode<unknown, never>): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

export const pathKey = (path: readonly (string | number)[]): string => path.join('.');

export async function request<T, V>(document: TypedDocumentNode<T, V>, variables: V, token: string, signal?: AbortSignal): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: queryText(document as TypedDocumentNode<unknown, never>), variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(`The API did not answer (${(error as Error).message}). Is the server running?`, null);
  }
  const text = await res.text();
  let body: GraphQLResponse | null;
  try {
    body = JSON.parse(text) as GraphQLResponse;
  } catch {
    body = null;
  }
  if (body?.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(body.errors.map((e) => e.message).join('; '), res.status, first.extensions?.code ?? null);
  }
  if (!res.ok || !body || body.data == null) {
    const detail = body?.error ?? (text.slice(0, 300) || res.statusText);
    throw new ApiError(`HTTP ${res.status}: ${detail}`, res.status);
  }
  const privacy = body.extensions?.privacy;
  return {
    data: body.data as T,
    withheld: privacy
      ? {
          minLearners: privacy.minLearners,
          paths: new Set(privacy.paths.map(pathKey)),
          groups: new Map((privacy.withheldGroups ?? []).map((g) => [pathKey(g.path), g.groups])),
        }
      : null,
  };
}
