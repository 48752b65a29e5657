import { DateTime } from 'luxon';

/**
 * PARTNER_REPORTING_TIMEZONES: `company-01=Europe/Berlin,company-07=America/New_York`. Partner
 * periods are cut in their company's zone only (src/domain/period.ts, reportingTimezone); a
 * company not listed reports in UTC. The zone must have whole-hour offsets (hourly rollups).
 */
export function reportingTimezonesFromEnv(env: NodeJS.ProcessEnv): ReadonlyMap<string, string> {
  const raw = env.PARTNER_REPORTING_TIMEZONES;
  const zones = new Map<string, string>();
  if (!raw) return zones;
  for (const entry of raw.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const [company, zone, ...rest] = entry.split('=').map((p) => p.trim());
    if (!company || !zone || rest.length > 0) {
      throw new Error(`PARTNER_REPORTING_TIMEZONES: "${entry}" is not company=Zone: write e.g. company-01=Europe/Berlin,company-02=UTC`);
    }
    const probe = DateTime.fromISO('2026-01-01', { zone });
    if (!probe.isValid) throw new Error(`PARTNER_REPORTING_TIMEZONES: unknown timezone "${zone}" for ${company}: use an IANA name such as Europe/Berlin`);
    if (probe.offset % 60 !== 0 || probe.set({ month: 7 }).offset % 60 !== 0) {
      throw new Error(`PARTNER_REPORTING_TIMEZONES: ${zone} (for ${company}) has a non-whole-hour offset; the hourly rollups serve whole-hour zones only`);
    }
    zones.set(company, zone);
  }
  return zones;
}

/** The reporting timezone of a company's partner views. */
export function reportingTimezoneOf(zones: ReadonlyMap<string, string>, companyId: string): string {
  return zones.get(companyId) ?? 'UTC';
}
