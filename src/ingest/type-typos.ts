import { closestMatch } from '../domain/did-you-mean';
import { EVENT_CATALOGUE } from '../domain/event';

const CATALOGUE_TYPES = Object.keys(EVENT_CATALOGUE);

/**
 * Stored custom types that look like a misspelt catalogue type (`lesson.complted`, within two
 * edits of `lesson.completed`): they are stored as sent (custom types are allowed), but the
 * producer is told, since no catalogue metric will ever count them. Collects the lines per
 * type during validation; `warnings()` gives one line per type.
 */
export class CatalogueTypoNotes {
  private readonly lines = new Map<string, number[]>();

  /** Called for every accepted event. */
  add(line: number, type: string): void {
    if (Object.hasOwn(EVENT_CATALOGUE, type)) return;
    const seen = this.lines.get(type);
    if (seen) seen.push(line);
    else this.lines.set(type, [line]);
  }

  warnings(): string[] {
    const out: string[] = [];
    for (const [type, lines] of this.lines) {
      const match = closestMatch(type, CATALOGUE_TYPES);
      if (match === undefined) continue;
      const shown = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
      out.push(
        `${lines.length} event(s) of type "${type}" (line ${shown}) were stored as a custom type: did you mean the catalogue type "${match}"? ` +
          `Catalogue metrics do not count "${type}"; INGEST_STRICT=1 rejects types outside the catalogue.`,
      );
    }
    return out;
  }
}
