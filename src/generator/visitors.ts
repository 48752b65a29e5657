import type { LearningEvent } from '../domain/event';
import { emptyEvent } from '../domain/event';
import { HOUR, isoTimestamp, sampleActiveTime } from './calendar';
import { uuid } from './ids';
import type { Random } from './random';
import { cumulative, randomFor, Streams } from './random';
import type { Attribution } from './reference-data';
import { CAMPAIGN_WEIGHTS, CAMPAIGNS, COUNTRIES, COUNTRY_WEIGHTS, LANDING_CLICKS, MARKETING_PAGES, ORGANIC_REFERRERS } from './reference-data';
import type { World } from './world';

const countryCum = cumulative(COUNTRY_WEIGHTS);
const campaignCum = cumulative(CAMPAIGN_WEIGHTS);

/**
 * Anonymous visitors who look around and never register: marketing pages and course pages
 * with an anonymous_id only, often arriving from a campaign (utm fields on the landing page).
 * One visit is a handful of events; they are produced on demand so the stream can be cut
 * anywhere.
 */
export class AnonymousVisitors {
  private readonly rng: Random;
  private readonly world: World;
  private visit: LearningEvent[] = [];
  private next = 0;

  constructor(world: World) {
    this.world = world;
    this.rng = randomFor(world.seed, Streams.visitors);
  }

  *take(count: number): Generator<LearningEvent> {
    for (let i = 0; i < count; i++) {
      if (this.next === this.visit.length) this.startVisit();
      yield this.visit[this.next++];
    }
  }

  private startVisit(): void {
    const { rng, world } = this;
    const { start, end } = world.period;
    const country = COUNTRIES[rng.weighted(countryCum)];
    const platform = rng.chance(0.85) ? 'web' : rng.chance(0.5) ? 'ios' : 'android';
    const source = platform === 'web' ? 'web' : 'mobile';
    const anonymousId = uuid(rng);
    const sessionId = uuid(rng);
    const attribution: Attribution | null = rng.chance(0.55) ? CAMPAIGNS[rng.weighted(campaignCum)] : null;
    let time = sampleActiveTime(rng, start, end, country.utcOffset * HOUR);

    const events: LearningEvent[] = [];
    const add = (type: string, eventSource: string, gapSeconds: number): LearningEvent => {
      time = Math.min(end - 1, time + gapSeconds * 1000 + (gapSeconds > 0 ? rng.int(0, 999) : 0));
      const event = emptyEvent(uuid(rng), type, isoTimestamp(time));
      event.source = eventSource;
      event.anonymous_id = anonymousId;
      event.session_id = sessionId;
      event.platform = platform;
      event.country = country.code;
      events.push(event);
      return event;
    };

    const pages = rng.int(1, 4);
    for (let p = 0; p < pages; p++) {
      const course = rng.chance(0.4) ? world.courses[rng.weighted(world.coursePopularity)] : null;
      const page = add('page.viewed', source, p === 0 ? 0 : rng.int(5, 90));
      page.page = course ? course.page : p === 0 ? rng.pick(['/', '/', '/courses', '/pricing']) : rng.pick(MARKETING_PAGES);
      if (p === 0) {
        if (attribution) {
          page.referrer = attribution.referrer;
          page.utm_source = attribution.utm_source;
          page.utm_medium = attribution.utm_medium;
          page.utm_campaign = attribution.utm_campaign;
          page.utm_term = attribution.utm_term;
          page.utm_content = attribution.utm_content;
        } else {
          page.referrer = rng.pick(ORGANIC_REFERRERS);
        }
      }
      if (course) {
        const viewed = add('course.viewed', 'course-catalog', 1);
        viewed.course_id = course.id;
      }
      if (rng.chance(0.3)) {
        const click = add('ui.clicked', source, rng.int(3, 40));
        click.page = page.page;
        click.properties = { element: rng.pick(LANDING_CLICKS) };
      }
    }
    this.visit = events;
    this.next = 0;
  }
}
