/**
 * Complementary suppression (issue 13): the privacy threshold withholds each small group, but a
 * total and its visible parts, seen together (one request, or two requests for the same scope,
 * period and filters), give a lone withheld part by subtraction. So whenever a set of parts with
 * an obtainable total has exactly one withheld part that holds anyone, a second part is
 * withheld too: the smallest visible one. Then total - visible = the sum of at least two
 * groups, never one group's figure.
 *
 * A table of several dimensions (eventMetrics' bucket and groupBy columns, a funnel's breakdown
 * with its steps) has a total along every dimension: the same cells with that dimension left
 * out of the question. So the rule runs on every line of cells that share all other
 * coordinates, and again until nothing changes (a new suppression can leave another line with
 * a lone withheld cell).
 *
 * Empty cells (0 learners) are withheld by the threshold but protect nothing: total minus the
 * visible cells is the same with or without them. Only cells holding someone count as
 * withheld here, and only such cells are picked as complements.
 */

export interface TableCell {
  /** The cell's coordinate on each dimension (bucket, group values, ...), as strings. */
  key: readonly string[];
  /** Distinct learners the cell's figures describe. */
  learners: number;
}

export interface SuppressionOptions {
  /** Cells already withheld for another reason (e.g. a funnel step after a withheld one). */
  withheld?: Iterable<number>;
  /**
   * The dimensions whose cells add up to a total someone can ask for (default: all). A funnel's
   * steps do not add up, its breakdown groups do.
   */
  additiveDimensions?: readonly number[];
}

/**
 * Indices of the cells to withhold: every cell under `minLearners`, plus the complements the
 * rule above needs. `minLearners` null (unthresholded scope): none.
 */
export function suppressedCells(cells: readonly TableCell[], minLearners: number | null, options: SuppressionOptions = {}): Set<number> {
  const withheld = new Set<number>(options.withheld ?? []);
  if (minLearners === null) return withheld;
  cells.forEach((c, i) => {
    if (c.learners < minLearners) withheld.add(i);
  });
  const dimensions = cells.reduce((d, c) => Math.max(d, c.key.length), 0);
  const along = options.additiveDimensions ?? [...Array(dimensions).keys()];
  // A one-dimensional list's only line is the whole list; with d dimensions, lines along each.
  // The lines are built once (a Map of member lists, not re-spread per cell).
  const dims = dimensions === 0 ? [-1] : along;
  const lineSets: number[][][] = dims.map((j) => {
    const lines = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const id = j < 0 ? '' : JSON.stringify(c.key.filter((_v, n) => n !== j));
      const members = lines.get(id);
      if (members === undefined) lines.set(id, [i]);
      else members.push(i);
    });
    return [...lines.values()];
  });
  // A cell that is the only one holding anyone in one of its lines equals that line's total: as
  // a complement in another line it would give itself back (a course active on one day only,
  // withheld as that day's complement, is its own course total). lonelyAlong[n] has the cells
  // alone along dims[n]; such cells are complements elsewhere only when no other cell will do.
  const lonelyAlong = lineSets.map(
    (lines) =>
      new Set(
        lines.flatMap((members) => {
          const someone = members.filter((i) => cells[i].learners > 0);
          return someone.length === 1 ? someone : [];
        }),
      ),
  );
  const lonelyElsewhere = (i: number, n: number) => lonelyAlong.some((set, m) => m !== n && set.has(i));
  // The complement is the smallest visible cell, ties by its labels: a rule of the groups' sizes
  // and labels only, so the same groups get the same complement in any table or field that
  // shows them (eventMetrics and a funnel breakdown of the same learners, whatever the measure).
  const labels = cells.map((c) => JSON.stringify(c.key));
  const order = (a: number, b: number) => cells[a].learners - cells[b].learners || (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : a - b);
  let changed = true;
  while (changed) {
    changed = false;
    lineSets.forEach((lines, n) => {
      for (const members of lines) {
        let hiddenWithSomeone = 0;
        let complement: number | undefined;
        let fallback: number | undefined;
        for (const i of members) {
          if (cells[i].learners <= 0) continue;
          if (withheld.has(i)) hiddenWithSomeone++;
          else if (lonelyElsewhere(i, n)) {
            if (fallback === undefined || order(i, fallback) < 0) fallback = i;
          } else if (complement === undefined || order(i, complement) < 0) complement = i;
        }
        if (hiddenWithSomeone !== 1) continue;
        // No visible cell with anyone in the line: total - visible is the one hidden cell, and
        // that total is then about the hidden cell's learners only, so it is withheld on its own.
        const chosen = complement ?? fallback;
        if (chosen === undefined) continue;
        withheld.add(chosen);
        changed = true;
      }
    });
  }
  return withheld;
}

/**
 * HOUR series for partners are all-or-nothing (issue 13): an hour is the grain a shifted period
 * or a single session isolates, so hourly buckets are shown only when every one clears k.
 */
export function hourSeriesWithheld(learners: readonly number[], minLearners: number | null): boolean {
  return minLearners !== null && learners.some((n) => n < minLearners);
}

/** One cell of a table and of its marginals (a cube): `values[d]` null where dimension d is summed out. */
export interface CubeCell {
  values: readonly (string | null)[];
  /** Distinct learners the cell's figures describe. */
  learners: number;
}

/**
 * Complementary suppression that holds across the shapes of one question (issue 13): the same
 * events can be asked for grouped by [country], by [country, course], by day and country, or
 * not grouped at all, and a group withheld in one shape must not be recoverable from another
 * (a complement withheld by country but visible course by course gives itself back as the sum
 * of its courses, and then the lone small country by subtraction).
 *
 * `cells` is the whole cube: every cell of every subset of the dimensions (SQL GROUPING SETS).
 * The subsets are decided coarsest first, each one on its own data only, so a shape's answer is
 * the same whichever finer shape it is computed for:
 * - a cell whose coarser parent (the same values with one dimension summed out) is withheld is
 *   withheld too (decided above, propagated down);
 * - then the cells under k, and complementary suppression along every line of the subset
 *   (suppressedCells: a line's total is its parent, a cell of the next coarser subset).
 * So each line of every shape has no or at least two withheld cells holding someone, and a
 * withheld cell stays withheld in every finer shape. `withheld`: cells never shown anyway that
 * hold someone (they count as withheld where they are, and propagate).
 */
export function suppressedCube(cells: readonly CubeCell[], minLearners: number | null, withheld: Iterable<number> = []): Set<number> {
  const hidden = new Set<number>(withheld);
  if (minLearners === null) return hidden;
  const maskOf = (c: CubeCell) => c.values.reduce((m, v, d) => (v === null ? m : m | (1 << d)), 0);
  const idOf = (values: readonly (string | null)[]) => JSON.stringify(values);
  const index = new Map<string, number>();
  const bySubset = new Map<number, number[]>();
  cells.forEach((c, i) => {
    index.set(idOf(c.values), i);
    const m = maskOf(c);
    const list = bySubset.get(m);
    if (list === undefined) bySubset.set(m, [i]);
    else list.push(i);
  });
  const popcount = (m: number) => m.toString(2).replace(/0/g, '').length;
  const subsets = [...bySubset.keys()].sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of subsets) {
    const members = bySubset.get(mask)!;
    const dims = cells[members[0]].values.flatMap((v, d) => (v === null ? [] : [d]));
    const preset: number[] = [];
    members.forEach((i, n) => {
      if (hidden.has(i)) preset.push(n);
      else if (
        dims.some((d) => {
          const parent = index.get(idOf(cells[i].values.map((v, e) => (e === d ? null : v))));
          return parent !== undefined && hidden.has(parent);
        })
      )
        preset.push(n);
    });
    const local = suppressedCells(
      members.map((i) => ({ key: dims.map((d) => cells[i].values[d] as string), learners: cells[i].learners })),
      minLearners,
      { withheld: preset },
    );
    for (const n of local) hidden.add(members[n]);
  }
  return hidden;
}
