import { createContext, useContext } from 'react';
import type { PeriodInput } from '../../../client/generated/graphql';
import type { PeriodSelection } from './period';

export interface PeriodState {
  selection: PeriodSelection;
  /** The selection as the API's PeriodInput. */
  period: PeriodInput;
  /** URL query of the selection, kept on every link so pages share it. */
  query: Record<string, string>;
  setSelection(next: PeriodSelection): void;
}

export const PeriodContext = createContext<PeriodState | null>(null);

export function usePeriod(): PeriodState {
  const state = useContext(PeriodContext);
  if (!state) throw new Error('usePeriod outside PeriodContext');
  return state;
}

/** `from`/`to`/`timezone` query parameters of the CSV exports. */
export function exportPeriod(period: PeriodInput): Record<string, string> {
  return { from: String(period.from), to: String(period.to), timezone: String(period.timezone ?? 'UTC') };
}

/** `<what>_<from>_<to>.csv`, as the API names its exports. */
export function csvName(what: string, period: PeriodInput): string {
  return `${what}_${period.from}_${period.to}.csv`;
}
