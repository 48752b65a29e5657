/**
 * Whether ingest writes currently succeed, for /readyz (issue 12: on a full disk the API
 * refused every batch while /readyz still said ready, so a load balancer kept sending it
 * traffic). Set by the batch writer after every insert; while failing, /readyz runs a probe
 * write (src/server/health.routes.ts) and turns ready as soon as one succeeds.
 */
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class IngestHealth {
  private failure?: { message: string; since: Date };

  failed(error: unknown): void {
    this.failure ??= { message: errorMessage(error), since: new Date() };
    this.failure.message = errorMessage(error);
  }

  succeeded(): void {
    this.failure = undefined;
  }

  /** Why inserts fail, or undefined while they succeed. */
  get problem(): { message: string; since: Date } | undefined {
    return this.failure;
  }
}
