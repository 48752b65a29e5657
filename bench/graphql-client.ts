/** A minimal GraphQL-over-HTTP client for the bench: what a dashboard's fetch does. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** The exact JSON body the bench posts (autocannon sends the same bytes). */
  body(query: string, variables: Record<string, unknown> = {}): string {
    return JSON.stringify({ query, variables });
  }

  get headers(): Record<string, string> {
    return { 'content-type': 'application/json', authorization: `Bearer ${this.token}` };
  }

  /** The response's `data`; throws on HTTP or GraphQL errors (a bench must not time failures). */
  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(this.url, { method: 'POST', headers: this.headers, body: this.body(query, variables) });
    const text = await res.text();
    let json: { data?: T; errors?: { message: string }[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new Error(`GraphQL HTTP ${res.status}: ${text.slice(0, 300)}`);
    }
    if (!res.ok || json.errors?.length)
      throw new Error(`GraphQL HTTP ${res.status}: ${(json.errors ?? []).map((e) => e.message).join('; ') || text.slice(0, 300)}`);
    return json.data as T;
  }
}
