import { GraphQLError } from 'graphql';
import { resolveScope, Tenancy } from '../../src/domain/tenant-scope';
import { viewer } from '../helpers/service-deps';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions.code;
  }
  return 'no error';
};

describe('tenancy: the scope a query gets (src/domain/tenant-scope.ts)', () => {
  const partner = new Tenancy(viewer('partner', 'co-a'), 5);

  it('a partner always reads its own company, thresholded', () => {
    expect(partner.scopeFor(null)).toEqual({ companyId: 'co-a', minLearners: 5 });
    expect(partner.scopeFor(undefined)).toEqual({ companyId: 'co-a', minLearners: 5 });
    expect(partner.scopeFor('co-a')).toEqual({ companyId: 'co-a', minLearners: 5 });
  });

  it('a partner naming another company is FORBIDDEN, whatever the case or spacing', () => {
    for (const other of ['co-b', 'CO-A', ' co-a', '', 'co-a\u0000']) expect(codeOf(() => partner.scopeFor(other))).toBe('FORBIDDEN');
  });

  it('admin and analyst read the company they name, or all, never thresholded', () => {
    for (const role of ['admin', 'analyst'] as const) {
      const tenancy = new Tenancy(viewer(role), 5);
      expect(tenancy.scopeFor(null)).toEqual({ companyId: null, minLearners: null });
      expect(tenancy.scopeFor('co-b')).toEqual({ companyId: 'co-b', minLearners: null });
    }
  });

  it('an ingest token reads nothing', () => {
    expect(codeOf(() => new Tenancy(viewer('ingest'), 5).scopeFor(null))).toBe('FORBIDDEN');
    expect(codeOf(() => new Tenancy(viewer('ingest'), 5).scopeFor('co-a'))).toBe('FORBIDDEN');
  });

  it('PRIVACY_MIN_LEARNERS=0 turns the threshold off for partners, not their company scope', () => {
    expect(resolveScope(viewer('partner', 'co-a'), null, 0)).toEqual({ companyId: 'co-a', minLearners: null });
    expect(codeOf(() => resolveScope(viewer('partner', 'co-a'), 'co-b', 0))).toBe('FORBIDDEN');
  });

  describe('learner-level reads (Tenancy.learnerScopeFor): the scope learners:read', () => {
    it('a partner without learners:read is FORBIDDEN, whichever company it names', () => {
      for (const named of [null, undefined, 'co-a']) expect(codeOf(() => partner.learnerScopeFor(named))).toBe('FORBIDDEN');
      expect(() => partner.learnerScopeFor(null)).toThrow(/learners:read/);
    });

    it('a partner with learners:read reads its own company, unthresholded (one person by design); another company stays FORBIDDEN', () => {
      const granted = new Tenancy(viewer('partner', 'co-a', ['learners:read']), 5);
      expect(granted.learnerScopeFor(null)).toEqual({ companyId: 'co-a', minLearners: null });
      expect(codeOf(() => granted.learnerScopeFor('co-b'))).toBe('FORBIDDEN');
      // The scope widens learner reads only: aggregates stay thresholded.
      expect(granted.scopeFor(null)).toEqual({ companyId: 'co-a', minLearners: 5 });
    });

    it('admin and analyst have it by role; ingest never, not even with the scope', () => {
      for (const role of ['admin', 'analyst'] as const)
        expect(new Tenancy(viewer(role), 5).learnerScopeFor('co-b')).toEqual({ companyId: 'co-b', minLearners: null });
      expect(codeOf(() => new Tenancy(viewer('ingest', null, ['learners:read']), 5).learnerScopeFor(null))).toBe('FORBIDDEN');
    });
  });
});
