import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import type { CsvTable } from './report';

/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @, or a leading tab or CR)
 * gets a leading apostrophe (OWASP "CSV injection"). UTM values and event properties come
 * from public traffic, so a campaign named `=HYPERLINK(...)` must not become live in Excel.
 * Numbers are not text cells and keep their sign.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Writes the table as CSV (header row, RFC 4180 quoting by csv-stringify) to the response.
 * Rows go through the stringifier one by one and `pipeline` honours the socket's
 * backpressure, so a large table is never held as one CSV string.
 */
export async function streamCsv(res: Response, table: CsvTable, fileName: string): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  // Tenant data: never kept by a shared cache or the browser's disk cache.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const stringifier = stringify({ header: true, columns: [...table.columns], cast: { string: neutraliseFormula } });
  await pipeline(Readable.from(table.rows), stringifier, res);
}
