/**
 * A CSV download per panel. Reports the API exports (GET /export/<report>.csv) are downloaded
 * from it with the same period and token; the other panels write the CSV here from the data
 * they show, quoted as RFC 4180 and with formula-like text neutralised as the server does.
 */
import { ApiError } from './client';

export type CsvCell = string | number | boolean | null | undefined;

export type CsvSource =
  | { kind: 'server'; report: string; params: Record<string, string | number | readonly string[] | null | undefined> }
  | { kind: 'client'; filename: string; columns: readonly string[]; rows: readonly Record<string, CsvCell>[] };

/** Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection"). */
function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvCell>[]): string {
  return [columns.map(cell).join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}

export function serverCsvUrl(report: string, params: Record<string, string | number | readonly string[] | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(name, v);
    else search.append(name, String(value));
  }
  return `/export/${report}.csv?${search}`;
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the blob; a later revoke would only keep memory longer.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export async function downloadCsv(source: CsvSource, token: string): Promise<void> {
  if (source.kind === 'client') {
    save(new Blob([toCsv(source.columns, source.rows)], { type: 'text/csv;charset=utf-8' }), source.filename);
    return;
  }
  // Fetched, not linked: the export needs the bearer token, which a plain link cannot send.
  const res = await fetch(serverCsvUrl(source.report, source.params), { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const text = await res.text();
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(`CSV export failed (HTTP ${res.status}): ${message}`, res.status);
  }
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${source.report}.csv`;
  save(await res.blob(), filename);
}
