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
  const lineKeys = dimensions === 0 ? [() => ''] : along.map((j) => (c: TableCell) => JSON.stringify(c.key.filter((_v, i) => i !== j)));
  let changed = true;
  while (changed) {
    changed = false;
    for (const lineOf of lineKeys) {
      const lines = new Map<string, number[]>();
      cells.forEach((c, i) => lines.set(lineOf(c), [...(lines.get(lineOf(c)) ?? []), i]));
      for (const members of lines.values()) {
        const hiddenWithSomeone = members.filter((i) => withheld.has(i) && cells[i].learners > 0);
        if (hiddenWithSomeone.length !== 1) continue;
        const complement = members.filter((i) => !withheld.has(i) && cells[i].learners > 0).sort((a, b) => cells[a].learners - cells[b].learners || a - b)[0];
        // No visible cell with anyone in the line: total - visible is the one hidden cell, and
        // that total is then about the hidden cell's learners only, so it is withheld on its own.
        if (complement === undefined) continue;
        withheld.add(complement);
        changed = true;
      }
    }
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
