import { XapiStatementsRepository } from '../clickhouse/repositories/xapi-statements.repository';
import { badUserInput } from '../domain/errors';
import { UUID_RE } from '../domain/event-rules';
import type { ServiceDeps } from './request-services';

export type XapiStatementReader = Pick<XapiStatementsRepository, 'byId'>;

/**
 * GET /xapi/statements?statementId=: one stored statement, as the LRS keeps it (the learner's
 * identifiers hashed). Read like a metric: admin and analyst read every company's statements, a
 * partner only statements whose company is its own; ingest tokens read nothing.
 */
export class XapiStatementsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: XapiStatementReader = new XapiStatementsRepository(deps.db),
  ) {}

  async byId(statementId: string): Promise<Record<string, unknown> | null> {
    const scope = this.deps.tenancy.scopeFor(null);
    if (!UUID_RE.test(statementId)) throw badUserInput('statementId', `must be a UUID, got ${JSON.stringify(statementId.slice(0, 60))}`);
    const text = await this.repo.byId(scope, statementId.toLowerCase());
    return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
  }
}
