import { EventTypesRepository } from '../clickhouse/repositories/event-types.repository';
import { EVENT_CATALOGUE } from '../domain/event';
import { typesToLookUp, unknownEventTypeWarnings, type NamedEventType } from '../domain/event-type-warnings';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { needsLearnerCounts, withholdSmallGroup } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { QueryWarning } from '../domain/warnings';
import type { ServiceDeps } from './request-services';

export type EventTypesReader = Pick<EventTypesRepository, 'counts' | 'seen'>;

/** One event type: a catalogue type (stored or not) or a custom type that was stored. */
export interface EventTypeInfo {
  type: string;
  catalogue: boolean;
  /** Envelope fields the type requires beyond event_id, type and timestamp (snake_case); [] for custom types. */
  requiredFields: string[];
  /** Rules beyond required fields, in words; null when there are none. */
  rule: string | null;
  /** Events stored in the scope (in the period, if one was given); null when withheld by the privacy threshold. */
  count: number | null;
}

/** The validator's per-type rules that a list of required fields does not say (src/ingest/validate-event.ts). */
const RULES: Readonly<Record<string, string>> = {
  'page.viewed': 'needs user_id or anonymous_id as well',
  'review.submitted': 'needs properties.rating, an integer from 1 to 5',
};

/** The catalogue and the stored custom types, so a caller can find the right names. */
export class EventTypesService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: EventTypesReader = new EventTypesRepository(deps.db),
  ) {}

  /** Catalogue types in catalogue order, then custom types seen in the scope, most frequent first. */
  async eventTypes(companyId: string | null, period: PeriodArgs | null): Promise<EventTypeInfo[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const resolved = period === null ? null : resolvePeriod(period, this.deps.periodLimits);
    const rows = await this.repo.counts(scope, resolved, needsLearnerCounts(scope));
    const byType = new Map(rows.map((r) => [r.type, r]));
    const info = (type: string, catalogue: boolean): EventTypeInfo => {
      const row = byType.get(type);
      const item: EventTypeInfo = {
        type,
        catalogue,
        requiredFields: catalogue ? [...EVENT_CATALOGUE[type]] : [],
        rule: RULES[type] ?? null,
        count: row?.count ?? 0,
      };
      // Privacy threshold (partner views): a count describes the distinct users of those events.
      return withholdSmallGroup(scope, row?.learners ?? 0, item, ['count']);
    };
    return [
      ...Object.keys(EVENT_CATALOGUE).map((type) => info(type, true)),
      ...rows.filter((r) => !Object.hasOwn(EVENT_CATALOGUE, r.type)).map((r) => info(r.type, false)),
    ];
  }
}

/**
 * Warnings for the event types a query names that are neither catalogue types nor stored in
 * the scope (a typo answers zeros otherwise). Asks ClickHouse only when a name is outside the
 * catalogue, so the usual funnel costs no extra query.
 */
export async function unknownTypeWarnings(
  reader: Pick<EventTypesRepository, 'seen'>,
  scope: TenantScope,
  named: readonly NamedEventType[],
): Promise<QueryWarning[]> {
  if (typesToLookUp(named).length === 0) return [];
  return unknownEventTypeWarnings(named, await reader.seen(scope));
}
