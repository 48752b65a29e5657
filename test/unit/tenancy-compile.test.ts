import path from 'node:path';
import ts from 'typescript';

/**
 * Forgetting tenancy in a new service is a compile error: every metric repository method takes
 * a TenantScope, and a TenantScope can only come from the request's Tenancy (a branded type:
 * an object literal, a company id or nothing at all do not type-check). Each snippet below is
 * a service someone might write; it is type-checked by the project's own compiler settings
 * against the real repositories. `npm run typecheck` never sees these snippets.
 */
const ROOT = path.resolve(__dirname, '../..');
function serviceCalling(call: string): string {
  return `
import { ActiveUsersRepository } from '../../src/clickhouse/repositories/active-users.repository';
import { resolvePeriod } from '../../src/domain/period';
import type { ServiceDeps } from '../../src/metrics/request-services';

export class NewMetricService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo = new ActiveUsersRepository(deps.db),
  ) {}

  async daily(companyId: string | null) {
    const period = resolvePeriod({ from: new Date('2026-03-01'), to: new Date('2026-03-08') });
    return ${call};
  }
}
`;
}

const SNIPPETS = {
  tenancy: `this.repo.perBucket(this.deps.tenancy.scopeFor(companyId), period, 'DAY', null)`,
  noScope: `this.repo.perBucket(period, 'DAY', null)`,
  literalScope: `this.repo.perBucket({ companyId, minLearners: null }, period, 'DAY', null)`,
  companyIdAsScope: `this.repo.perBucket(companyId, period, 'DAY', null)`,
};
type Snippet = keyof typeof SNIPPETS;

/** Type-checks every snippet as its own file next to this test, in one program, with the project's compiler options. */
function typeErrors(): Record<Snippet, string[]> {
  const files = new Map(Object.entries(SNIPPETS).map(([name, call]) => [path.join(ROOT, `test/unit/${name}.service.ts`), serviceCalling(call)]));
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(path.resolve(name));
    return text === undefined ? getSourceFile(name, version, ...rest) : ts.createSourceFile(name, text, version);
  };
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram({ rootNames: [...files.keys()], options: { ...config.options, noEmit: true }, host });
  return Object.fromEntries(
    Object.keys(SNIPPETS).map((name) => {
      const file = program.getSourceFile(path.join(ROOT, `test/unit/${name}.service.ts`));
      return [name, ts.getPreEmitDiagnostics(program, file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))];
    }),
  ) as Record<Snippet, string[]>;
}

describe('a new service cannot skip the tenancy decision (compile-time)', () => {
  let errors: Record<Snippet, string[]>;
  beforeAll(() => {
    errors = typeErrors();
  });

  it('asking through the request tenancy compiles', () => {
    expect(errors.tenancy).toEqual([]);
  });

  it.each([
    ['leaving the scope out', 'noScope'],
    ['a hand-made scope', 'literalScope'],
    ['the company id itself', 'companyIdAsScope'],
  ] as const)('%s does not compile', (_what, snippet) => {
    expect(errors[snippet].join('\n')).toMatch(/not assignable|Expected \d+ arguments/);
  });
});
