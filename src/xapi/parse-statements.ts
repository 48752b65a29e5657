/**
 * The body of POST /xapi/statements: one statement (a JSON object) or an array of them
 * (xAPI-Communication 2.1.2), UTF-8 JSON. Pure.
 *
 * JSON.parse keeps the last of two equal keys silently, but xAPI refuses a statement with a
 * duplicate key (XAPI-00021), so the raw text is scanned once for them first: `duplicateKeys`
 * returns the dotted paths, per top-level statement.
 */

export type ParsedStatements = { statements: unknown[]; single: boolean; duplicates: Map<number, string[]> } | { fatal: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseStatements(body: Buffer): ParsedStatements {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return { fatal: 'body is not valid UTF-8: send the statements as UTF-8 encoded JSON' };
  }
  if (text.trim() === '') return { fatal: 'empty body: send one statement (a JSON object) or a JSON array of statements' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { fatal: `body is not valid JSON (${(error as Error).message}): send one statement or an array of statements` };
  }
  const single = !Array.isArray(value);
  if (!single && (value as unknown[]).length === 0) return { fatal: 'the array of statements is empty: send at least one statement' };
  return { statements: single ? [value] : (value as unknown[]), single, duplicates: duplicateKeys(text, single) };
}

/**
 * Paths of keys that occur twice in one JSON object, keyed by the index of the top-level
 * statement they are in. The text is valid JSON (JSON.parse accepted it), so the scan only
 * tracks strings, objects and arrays.
 */
export function duplicateKeys(text: string, single: boolean): Map<number, string[]> {
  const found = new Map<number, string[]>();
  type Frame = { kind: 'object'; keys: Set<string>; path: string; pendingKey: string | null } | { kind: 'array'; index: number; path: string };
  const stack: Frame[] = [];
  let statement = single ? 0 : -1;
  let expectKey = false;
  let i = 0;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    if (top.kind === 'array') return `${top.path}[${top.index}]`;
    return top.path === '' ? (top.pendingKey ?? '') : `${top.path}.${top.pendingKey ?? ''}`;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) {
          const path = top.path === '' ? key : `${top.path}.${key}`;
          const list = found.get(statement) ?? [];
          list.push(path);
          found.set(statement, list);
        }
        top.keys.add(key);
        top.pendingKey = key;
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') {
      const depthBefore = stack.length;
      // In an array body, each object directly in the top array is the next statement.
      if (!single && depthBefore === 1) statement += 1;
      const path = depthBefore === 0 || (!single && depthBefore === 1) ? '' : childPath();
      stack.push({ kind: 'object', keys: new Set(), path, pendingKey: null });
      expectKey = true;
    } else if (c === '[') {
      const path = stack.length === 0 ? '' : childPath();
      stack.push({ kind: 'array', index: 0, path });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index += 1;
      else if (top?.kind === 'object') expectKey = true;
    }
    i += 1;
  }
  return found;
}
