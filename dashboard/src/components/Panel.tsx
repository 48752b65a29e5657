import { useEffect, useState, type ReactNode } from 'react';
import type { QueryResult } from '../api/use-query';
import { downloadCsv, type CsvSource } from '../api/csv';
import { useSignedIn } from '../auth/session-context';
import { WithheldContext } from './Figure';

interface PanelProps<T> {
  /** Stable id: the panel's `data-panel` attribute (tests and CSS find panels by it). */
  id: string;
  title: string;
  subtitle?: ReactNode;
  query: QueryResult<T>;
  /** The CSV of what the panel shows: an API export, or rows built from the same data. */
  csv?: (data: T) => CsvSource;
  /** Controls shown in the panel's header (granularity, selection). */
  controls?: ReactNode;
  wide?: boolean;
  children(data: T): ReactNode;
}

/** A card with its own loading and error state, and a CSV download of its data. */
export function QueryPanel<T>({ id, title, subtitle, query, csv, controls, wide, children }: PanelProps<T>) {
  const session = useSignedIn();
  const [csvError, setCsvError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const { state } = query;

  // A User Timing mark when the panel first shows data ("time to data", read by bench/dashboard.bench.ts).
  useEffect(() => {
    if (state.status === 'done' && performance.getEntriesByName(`learnmetrics:data:${id}`).length === 0) performance.mark(`learnmetrics:data:${id}`);
  }, [state.status, id]);

  async function download() {
    if (state.status !== 'done' || !csv) return;
    setCsvError(null);
    setDownloading(true);
    try {
      await downloadCsv(csv(state.answer.data), session.token);
    } catch (error) {
      setCsvError((error as Error).message);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section
      className={`panel${wide ? ' wide' : ''}`}
      data-panel={id}
      data-state={state.status}
      aria-busy={state.status === 'loading'}
      aria-labelledby={`${id}-title`}
    >
      <header className="panel-header">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          {subtitle && <p className="panel-subtitle">{subtitle}</p>}
        </div>
        <div className="panel-actions">
          {controls}
          {csv && (
            <button type="button" className="csv" onClick={download} disabled={state.status !== 'done' || downloading} aria-label={`Download ${title} as CSV`}>
              CSV
            </button>
          )}
        </div>
      </header>
      {csvError && (
        <p className="panel-error" role="alert">
          {csvError}
        </p>
      )}
      {state.status === 'loading' && (
        <div className="panel-loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading…
        </div>
      )}
      {state.status === 'error' && (
        <div className="panel-error" role="alert">
          <p>Could not load this panel: {state.error.message}</p>
          <button type="button" onClick={query.reload}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'done' && (
        <WithheldContext.Provider value={state.answer.withheld}>
          <div className="panel-body">{children(state.answer.data)}</div>
        </WithheldContext.Provider>
      )}
    </section>
  );
}

/** A panel without a query of its own (e.g. the funnel builder's form). */
export function StaticPanel({ id, title, children, wide }: { id: string; title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={`panel${wide ? ' wide' : ''}`} data-panel={id} aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>{title}</h2>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
