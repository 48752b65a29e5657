import { closestMatch } from './did-you-mean';
import { EVENT_CATALOGUE } from './event';
import type { QueryWarning } from './warnings';

/** An event type a query argument names. */
export interface NamedEventType {
  argument: string;
  eventType: string;
}

/** Whether a type is in the catalogue: such a type answering zeros is a real answer, not a typo. */
export const isCatalogueType = (type: string): boolean => Object.hasOwn(EVENT_CATALOGUE, type);

/** The named types worth a look-up: the ones outside the catalogue. */
export function typesToLookUp(named: readonly NamedEventType[]): string[] {
  return [...new Set(named.map((n) => n.eventType).filter((t) => !isCatalogueType(t)))];
}

/**
 * A warning for every named type that is neither in the catalogue nor among the types stored in
 * the viewer's scope (`seen`), with the closest catalogue or seen type as a suggestion
 * (`course.viewd` -> `course.viewed`). Pure.
 */
export function unknownEventTypeWarnings(named: readonly NamedEventType[], seen: readonly string[]): QueryWarning[] {
  const known = new Set(seen);
  const candidates = [...Object.keys(EVENT_CATALOGUE), ...seen.filter((t) => !isCatalogueType(t))];
  return named
    .filter((n) => !isCatalogueType(n.eventType) && !known.has(n.eventType))
    .map(({ argument, eventType }) => {
      const didYouMean = closestMatch(eventType, candidates) ?? null;
      return {
        code: 'UNKNOWN_EVENT_TYPE',
        argument,
        value: eventType,
        didYouMean,
        message:
          `${argument}: no "${eventType}" events are stored and it is not a catalogue type, so its figures are zero` +
          (didYouMean === null ? '; the eventTypes query lists the known types' : `; did you mean "${didYouMean}"?`),
      };
    });
}
