import {
  isSmallGroup,
  markWithheld,
  needsLearnerCounts,
  withheldNames,
  withholdSmallGroup,
  withholdSmallGroups,
  withholdSmallItems,
} from '../../src/domain/privacy';
import { Tenancy } from '../../src/domain/tenant-scope';
import { viewer } from '../helpers/service-deps';

const partner = new Tenancy(viewer('partner', 'co-a'), 5).scopeFor(null);
const admin = new Tenancy(viewer('admin'), 5).scopeFor(null);

describe('privacy withholding (src/domain/privacy.ts)', () => {
  it('only thresholded scopes count learners; a group under k is small, k itself is not', () => {
    expect(needsLearnerCounts(partner)).toBe(true);
    expect(needsLearnerCounts(admin)).toBe(false);
    expect([0, 1, 4, 5, 6].map((n) => isSmallGroup(partner, n))).toEqual([true, true, true, false, false]);
    expect(isSmallGroup(admin, 0)).toBe(false);
  });

  it('a small group keeps its labels, loses its figures, and says which', () => {
    const group = { courseId: 'c-1', enrollments: 3 as number | null, rate: 0.5 as number | null };
    const withheld = withholdSmallGroup(partner, 4, group, ['enrollments', 'rate']);
    expect({ ...withheld }).toMatchObject({ courseId: 'c-1', enrollments: null, rate: null });
    expect(JSON.parse(JSON.stringify(withheld))).toEqual({ courseId: 'c-1', enrollments: null, rate: null });
    expect(withheldNames(withheld)).toEqual(['enrollments', 'rate']);
    expect(group.enrollments).toBe(3); // the input is not changed
    expect(withholdSmallGroup(partner, 5, group, ['enrollments'])).toBe(group);
    expect(withholdSmallGroup(admin, 1, group, ['enrollments'])).toBe(group);
  });

  it('empty groups are withheld too: 0 next to withheld values would tell someone from no one', () => {
    expect(withholdSmallGroup(partner, 0, { value: 0 as number | null }, ['value']).value).toBeNull();
  });

  it('lists: each group by its own count', () => {
    const days = [1, 7, 3].map((n, i) => ({ day: i, value: n as number | null }));
    expect(withholdSmallGroups(partner, days, (d) => d.value ?? 0, ['value']).map((d) => d.value)).toEqual([null, 7, null]);
    expect(withholdSmallGroups(admin, days, (d) => d.value ?? 0, ['value']).map((d) => d.value)).toEqual([1, 7, 3]);
  });

  it('list items: item i of each named list, marked as name.i', () => {
    const cohort = { size: 10 as number | null, retained: [10, 4, 6] as (number | null)[], rates: [1, 0.4, 0.6] as (number | null)[] };
    const result = withholdSmallItems(partner, cohort.retained as number[], cohort, ['retained', 'rates']);
    expect(JSON.parse(JSON.stringify(result))).toEqual({ size: 10, retained: [10, null, 6], rates: [1, null, 0.6] });
    expect([...withheldNames(result)].sort()).toEqual(['rates.1', 'retained.1']);
  });

  it('marks survive object spreads and add up', () => {
    const marked = markWithheld({ a: null, b: 1 }, ['a']);
    const copy = markWithheld({ ...marked }, ['b']);
    expect([...withheldNames(copy)].sort()).toEqual(['a', 'b']);
    expect(JSON.stringify(copy)).toBe('{"a":null,"b":1}');
    expect(withheldNames(null)).toEqual([]);
  });
});
