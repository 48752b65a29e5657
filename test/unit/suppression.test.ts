import { hourSeriesWithheld, suppressedCells } from '../../src/domain/suppression';

const cells = (...rows: [string[], number][]) => rows.map(([key, learners]) => ({ key, learners }));

describe('complementary suppression (src/domain/suppression.ts)', () => {
  it('unthresholded: nothing withheld', () => {
    expect([...suppressedCells(cells([['a'], 1], [['b'], 9]), null)]).toEqual([]);
  });

  it('one small group next to a visible total: the smallest visible group is withheld with it', () => {
    // a: 1 learner (small), b: 7, c: 6 -> c (the smaller visible) goes too.
    expect([...suppressedCells(cells([['a'], 1], [['b'], 7], [['c'], 6]), 5)].sort()).toEqual([0, 2]);
  });

  it('two small groups already protect each other; empty cells protect nothing', () => {
    expect([...suppressedCells(cells([['a'], 1], [['b'], 2], [['c'], 9]), 5)].sort()).toEqual([0, 1]);
    // b is empty: a alone holds someone, so c is withheld as its complement.
    expect([...suppressedCells(cells([['a'], 1], [['b'], 0], [['c'], 9]), 5)].sort()).toEqual([0, 1, 2]);
  });

  it('no visible group with anyone: nothing more to withhold (the total is as small as the one group)', () => {
    expect([...suppressedCells(cells([['a'], 3], [['b'], 0]), 5)].sort()).toEqual([0, 1]);
  });

  it('two dimensions: every row and column line keeps at least two hidden cells, iterating until stable', () => {
    //          DE   NG
    // course1   9    1   <- NG small
    // course2   8    7
    const table = cells([['c1', 'DE'], 9], [['c1', 'NG'], 1], [['c2', 'DE'], 8], [['c2', 'NG'], 7]);
    const hidden = suppressedCells(table, 5);
    // c1/NG, its row complement c1/DE, its column complement c2/NG, then c2/DE (row c2 and column DE each had one).
    expect([...hidden].sort()).toEqual([0, 1, 2, 3]);
    for (const line of [
      [0, 1],
      [2, 3],
      [0, 2],
      [1, 3],
    ])
      expect(line.filter((i) => hidden.has(i)).length === 0 || line.filter((i) => hidden.has(i)).length >= 2).toBe(true);
  });

  it('HOUR series: all buckets withheld unless every one clears k', () => {
    expect(hourSeriesWithheld([5, 6, 7], 5)).toBe(false);
    expect(hourSeriesWithheld([5, 0, 7], 5)).toBe(true);
    expect(hourSeriesWithheld([0, 0], null)).toBe(false);
  });
});
