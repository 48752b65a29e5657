import { GraphQLError } from 'graphql';
import { propertyCondition } from '../../src/clickhouse/property-conditions';
import { render } from '../../src/clickhouse/sql';
import { checkFunnelSteps, checkPropertyFilters, checkWindow } from '../../src/domain/arguments';
import { capBreakdown, OTHER_GROUP } from '../../src/metrics/funnel.service';

const argumentOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    expect((e as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (e as GraphQLError).extensions.argumentName as string;
  }
  return undefined;
};

describe('funnel arguments', () => {
  it('fills step defaults: name = eventType, no filters', () => {
    expect(
      checkFunnelSteps([
        { eventType: 'course.viewed' },
        { eventType: 'course.enrolled', name: 'Enrolled', courseId: 'c-1', where: [{ property: 'plan.tier', op: 'EQ', value: 'pro' }] },
      ]),
    ).toEqual([
      { eventType: 'course.viewed', name: 'course.viewed', courseId: null, lessonId: null, pagePrefix: null, where: [] },
      {
        eventType: 'course.enrolled',
        name: 'Enrolled',
        courseId: 'c-1',
        lessonId: null,
        pagePrefix: null,
        where: [{ property: 'plan.tier', op: 'EQ', value: 'pro' }],
      },
    ]);
  });

  it('names the argument at fault', () => {
    const ok = { eventType: 'course.viewed' };
    expect(argumentOf(() => checkFunnelSteps([ok]))).toBe('steps');
    expect(argumentOf(() => checkFunnelSteps(Array(21).fill(ok)))).toBe('steps');
    expect(argumentOf(() => checkFunnelSteps(Array(20).fill(ok)))).toBeUndefined();
    expect(argumentOf(() => checkFunnelSteps([ok, { eventType: 'course' }]))).toBe('steps[1].eventType');
    expect(argumentOf(() => checkFunnelSteps([ok, { eventType: 'course.x', pagePrefix: '' }]))).toBe('steps[1].pagePrefix');
    expect(argumentOf(() => checkWindow(0))).toBe('window');
    expect(argumentOf(() => checkWindow(1.5))).toBe('window');
    expect(argumentOf(() => checkWindow(90 * 86400 + 1))).toBe('window');
    expect(checkWindow(90 * 86400)).toBe(90 * 86400);
  });

  it('accepts property paths of 1 to 5 keys and decimal values for numeric operators', () => {
    const check = (property: string, op: 'EQ' | 'GT' = 'EQ', value = '1') => argumentOf(() => checkPropertyFilters('where', [{ property, op, value }]));
    expect(check('rating')).toBeUndefined();
    expect(check('a.b-c.d_e.f.g')).toBeUndefined();
    expect(check('a.b.c.d.e.f')).toBe('where[0].property');
    for (const bad of ['', '1a', 'a.', '.a', 'a..b', 'a b', "a'", 'a.:Int64', '^a', '-a']) expect(check(bad)).toBe('where[0].property');
    for (const good of ['4', '-2.5', '.5', '1e3', '+7']) expect(check('rating', 'GT', good)).toBeUndefined();
    for (const bad of ['', ' ', 'four', '0x10', 'Infinity', 'NaN', '1e999']) expect(check('rating', 'GT', bad)).toBe('where[0].value');
  });
});

describe('property conditions', () => {
  it('binds the path and the value; nothing from input reaches the SQL text', () => {
    expect(render(propertyCondition({ property: 'plan.tier', op: 'CONTAINS', value: "x' OR 1=1" }))).toEqual({
      query: 'position(toString(getSubcolumn(properties, {p1:String})), {p2:String}) > 0',
      params: { p1: 'plan.tier', p2: "x' OR 1=1" },
    });
    expect(render(propertyCondition({ property: 'rating', op: 'GTE', value: '4' }))).toEqual({
      query: 'toFloat64OrNull(toString(getSubcolumn(properties, {p1:String}))) >= {p2:Float64}',
      params: { p1: 'rating', p2: 4 },
    });
  });
});

describe('breakdown cap', () => {
  it('keeps every group up to the cap, largest first, then by value', () => {
    const groups = [
      { value: 'b', reached: [2, 1] },
      { value: 'a', reached: [2, 0] },
      { value: 'c', reached: [5, 5] },
    ];
    expect(capBreakdown(groups, 2, 3).map((g) => g.value)).toEqual(['c', 'a', 'b']);
  });

  it('sums the groups beyond the cap into "(other)"', () => {
    const groups = Array.from({ length: 60 }, (_, i) => ({ value: `v${String(i).padStart(2, '0')}`, reached: [100 - i, 10] }));
    const capped = capBreakdown(groups, 2);
    expect(capped).toHaveLength(50);
    expect(capped[48]).toEqual({ value: 'v48', reached: [52, 10] });
    const rest = groups.slice(49);
    expect(capped[49]).toEqual({ value: OTHER_GROUP, reached: [rest.reduce((s, g) => s + g.reached[0], 0), 10 * rest.length] });
  });
});
