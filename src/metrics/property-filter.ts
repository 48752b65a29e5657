import { badUserInput } from './errors';

export type PropertyOp = 'EQ' | 'NEQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'CONTAINS';

/** A condition on one value inside an event's `properties` JSON. */
export interface PropertyFilter {
  /** Dot path into `properties`, e.g. `rating` or `plan.tier`. */
  property: string;
  op: PropertyOp;
  value: string;
}

export const NUMERIC_PROPERTY_OPS: ReadonlySet<PropertyOp> = new Set(['GT', 'GTE', 'LT', 'LTE']);

/** Up to five levels of the key alphabet ingest accepts (no dots inside a key, see validate-event.ts). */
const PROPERTY_PATH_RE = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*){0,4}$/;
/** A plain decimal number; `Number()` alone would also take "", "0x10" and "Infinity". */
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const MAX_PROPERTY_FILTERS = 10;
const MAX_VALUE_LENGTH = 1024;

export function checkPropertyFilters(argumentName: string, filters: readonly PropertyFilter[]): PropertyFilter[] {
  if (filters.length > MAX_PROPERTY_FILTERS) throw badUserInput(argumentName, `has ${filters.length} filters; at most ${MAX_PROPERTY_FILTERS}`);
  return filters.map((f, i) => {
    const name = `${argumentName}[${i}]`;
    if (!PROPERTY_PATH_RE.test(f.property)) {
      throw badUserInput(
        `${name}.property`,
        `must be a path into properties such as "rating" or "plan.tier" (1 to 5 keys of letters, digits, _ and -, joined by dots), got ${JSON.stringify(f.property.slice(0, 120))}`,
      );
    }
    if (f.value.length > MAX_VALUE_LENGTH) throw badUserInput(`${name}.value`, `is ${f.value.length} characters long; at most ${MAX_VALUE_LENGTH}`);
    if (NUMERIC_PROPERTY_OPS.has(f.op) && (!DECIMAL_RE.test(f.value) || !Number.isFinite(Number(f.value)))) {
      throw badUserInput(`${name}.value`, `${f.op} compares numbers: give a decimal number such as "4" or "2.5", got ${JSON.stringify(f.value.slice(0, 120))}`);
    }
    return { property: f.property, op: f.op, value: f.value };
  });
}
