import { HOUR, sampleActiveTime } from './calendar';
import { uuid } from './ids';
import { cumulative, randomFor, Streams } from './random';
import type { Attribution, Country, Platform } from './reference-data';
import { CAMPAIGN_WEIGHTS, CAMPAIGNS, COUNTRIES, COUNTRY_WEIGHTS, PLATFORM_WEIGHTS, PLATFORMS } from './reference-data';
import type { Company, World } from './world';

/** Who one learner is. Derived from (seed, index) alone, so it can be recomputed instead of stored. */
export interface LearnerProfile {
  index: number;
  userId: string;
  /** The device/browser id the web and mobile SDKs send before login. */
  anonymousId: string;
  company: Company | null;
  /** '' for solo learners. */
  companyId: string;
  country: Country;
  utcOffsetMs: number;
  /** The platform most sessions happen on. */
  platform: Platform;
  /** False for learners who registered before the period: they have no user.registered event. */
  registersInPeriod: boolean;
  /** First instant the learner can be active (registration, or the period start). */
  activeFrom: number;
  /** Exclusive: after this the learner has churned (or the period ended). */
  activeUntil: number;
  /** Relative share of the event budget: activity level times the length of the active window. */
  weight: number;
  /** Mean exam score of this learner, percent. */
  skill: number;
  /** 0..1: how likely the learner sticks with a course; low values drop off sooner. */
  persistence: number;
  /** The campaign that brought the learner in, if any. */
  attribution: Attribution | null;
}

/** Share of learners who belong to an enterprise customer (when there are companies). */
const ENTERPRISE_SHARE = 0.6;
/** Share of learners who registered before the period started. */
const EXISTING_SHARE = 0.35;
/** Share of learners who stop coming back before the period ends. */
const CHURN_SHARE = 0.3;

const countryCum = cumulative(COUNTRY_WEIGHTS);
const platformCum = cumulative(PLATFORM_WEIGHTS);
const campaignCum = cumulative(CAMPAIGN_WEIGHTS);

function inviteAttribution(company: Company): Attribution {
  return {
    utm_source: 'invite',
    utm_medium: 'email',
    utm_campaign: `${company.id}-onboarding`,
    utm_term: '',
    utm_content: '',
    referrer: '',
  };
}

export function learnerProfile(world: World, index: number): LearnerProfile {
  const rng = randomFor(world.seed, Streams.learner, index);
  const { start, end } = world.period;

  const company = world.companies.length > 0 && rng.chance(ENTERPRISE_SHARE) ? world.companies[rng.weighted(world.companySizes)] : null;
  const country = COUNTRIES[company && rng.chance(0.8) ? company.country : rng.weighted(countryCum)];
  const utcOffsetMs = country.utcOffset * HOUR;

  const registersInPeriod = !rng.chance(EXISTING_SHARE);
  const activeFrom = registersInPeriod ? sampleActiveTime(rng, start, end, utcOffsetMs) : start;
  const activeUntil = rng.chance(CHURN_SHARE) ? Math.max(activeFrom + 1, Math.floor(activeFrom + (end - activeFrom) * (0.1 + 0.9 * rng.next()))) : end;

  const activity = Math.exp(rng.normal(0, 1)) * (company ? 1.2 : 1);
  const weight = activity * ((activeUntil - activeFrom) / (end - start)) + 1e-9;

  let attribution: Attribution | null = null;
  if (company) {
    if (rng.chance(0.7)) attribution = inviteAttribution(company);
  } else if (rng.chance(0.55)) {
    attribution = CAMPAIGNS[rng.weighted(campaignCum)];
  }

  return {
    index,
    userId: uuid(rng),
    anonymousId: uuid(rng),
    company,
    companyId: company ? company.id : '',
    country,
    utcOffsetMs,
    platform: PLATFORMS[rng.weighted(platformCum)],
    registersInPeriod,
    activeFrom,
    activeUntil,
    weight,
    skill: Math.min(95, Math.max(45, rng.normal(76, 10))),
    persistence: rng.next(),
    attribution,
  };
}
