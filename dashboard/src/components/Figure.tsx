import { createContext, useContext } from 'react';
import { pathKey, type Withheld } from '../api/client';
import { formatFigure, NO_VALUE, withheldText, type FigureKind } from '../format';

/** The withheld paths of the answer a panel renders (set by QueryPanel). */
export const WithheldContext = createContext<Withheld | null>(null);

export function useWithheld(): Withheld | null {
  return useContext(WithheldContext);
}

/** True when the figure at `path` was withheld by the partner privacy threshold. */
export function isWithheld(withheld: Withheld | null, path: readonly (string | number)[]): boolean {
  return withheld !== null && withheld.paths.has(pathKey(path));
}

interface Props {
  value: number | string | null | undefined;
  kind: FigureKind;
  /** The value's path in the GraphQL response, to tell a withheld null from an empty one. */
  path: readonly (string | number)[];
  suffix?: string;
}

/**
 * One figure as text. `data-path` names its place in the GraphQL answer and `data-kind` how it
 * is written (the browser tests compare every figure shown with the API's answer through them);
 * a withheld one reads "fewer than k learners".
 */
export function Figure({ value, kind, path, suffix }: Props) {
  const withheld = useWithheld();
  const key = pathKey(path);
  if (value === null || value === undefined) {
    if (withheld && withheld.paths.has(key)) {
      return (
        <span
          className="figure withheld"
          data-path={key}
          data-kind={kind}
          data-withheld="true"
          title="Withheld: figures about so few learners could identify them"
        >
          {withheldText(withheld.minLearners)}
        </span>
      );
    }
    return (
      <span className="figure empty" data-path={key} data-kind={kind} title="No value (nothing to divide by)">
        {NO_VALUE}
      </span>
    );
  }
  return (
    <span className="figure" data-path={key} data-kind={kind}>
      {formatFigure(kind, value)}
      {suffix ? ` ${suffix}` : ''}
    </span>
  );
}

/** Under a chart: why it has gaps, when figures under `prefix` (e.g. `dau`) were withheld. */
export function WithheldNote({ prefix }: { prefix: string }) {
  const withheld = useWithheld();
  if (!withheld) return null;
  const count = [...withheld.paths].filter((p) => p === prefix || p.startsWith(`${prefix}.`)).length;
  if (count === 0) return null;
  return (
    <p className="withheld-note" data-withheld-count={count}>
      Gaps: {count} {count === 1 ? 'value is' : 'values are'} withheld ({withheldText(withheld.minLearners)}).
    </p>
  );
}

/** Under a breakdown: how many groups were left out because each has fewer than k learners. */
export function WithheldGroupsNote({ path, noun = 'group' }: { path: readonly (string | number)[]; noun?: string }) {
  const withheld = useWithheld();
  const count = withheld?.groups.get(pathKey(path)) ?? 0;
  if (!withheld || count === 0) return null;
  return (
    <p className="withheld-note" data-withheld-groups={count}>
      {count} {count === 1 ? `${noun} is` : `${noun}s are`} not shown ({withheldText(withheld.minLearners)} each).
    </p>
  );
}
