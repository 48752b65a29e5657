import type { LearningEvent } from '../domain/event';
import { DAY } from './calendar';
import type { JourneySteps, ScheduledWork } from './journey-steps';
import { cumulative } from './random';
import type { Plan } from './reference-data';
import { PAYMENT_FAILURE_REASONS, PLAN_WEIGHTS, PLANS } from './reference-data';

const planCum = cumulative(PLAN_WEIGHTS);

/**
 * A solo learner's subscription: checkout (sometimes a declined card first), monthly renewals
 * run by the billing service between sessions, failed renewals with dunning, cancellations.
 * Company learners are billed through their employer, so they never get here.
 */
export class SubscriptionBilling {
  private readonly steps: JourneySteps;
  private subscription: { plan: Plan; failures: number } | null = null;
  private everSubscribed = false;

  constructor(steps: JourneySteps) {
    this.steps = steps;
  }

  get active(): boolean {
    return this.subscription !== null;
  }

  /** A learner who has subscribed once (and maybe cancelled) is not offered checkout again. */
  get everActive(): boolean {
    return this.everSubscribed;
  }

  subscribe(): void {
    const { rng, learner } = this.steps;
    const plan = PLANS[rng.weighted(planCum)];
    const { currency } = learner.country;
    this.steps.pageView('/pricing', rng.int(5, 40));
    this.steps.click('/pricing', `choose-${plan.id}`, rng.int(10, 120));
    if (rng.chance(0.07)) {
      const failed = this.payment('payment.failed', plan);
      failed.properties = { plan: plan.id, reason: rng.pick(PAYMENT_FAILURE_REASONS) };
      this.steps.push(failed, rng.int(20, 90));
    }
    const paid = this.payment('payment.succeeded', plan);
    this.steps.push(paid, rng.int(20, 120));
    // No amount here: revenue is the sum of payment.succeeded, and only there.
    const activated = this.steps.make('subscription.activated', 'billing');
    activated.properties = { plan: plan.id, interval: plan.interval, price: plan.price[currency], currency };
    this.steps.push(activated, 1);
    this.subscription = { plan, failures: 0 };
    this.everSubscribed = true;
    this.steps.schedule({ at: this.steps.now + renewalInterval(plan), kind: 'renewal', detail: plan.id });
  }

  /** The learner cancels from the billing page; pending renewals then find no subscription. */
  cancel(): void {
    const subscription = this.subscription;
    if (!subscription) return;
    const { rng } = this.steps;
    this.steps.pageView('/account/billing', rng.int(5, 60));
    this.steps.click('/account/billing', 'cancel-subscription', rng.int(10, 120));
    const cancelled = this.steps.make('subscription.cancelled', 'billing');
    cancelled.properties = { plan: subscription.plan.id, reason: 'user_cancelled' };
    this.steps.push(cancelled, 2);
    this.subscription = null;
  }

  /**
   * The billing service's event for a due renewal or dunning step (the caller gives it a time
   * and no session), or null when the subscription was cancelled in the meantime.
   */
  renew(work: ScheduledWork): LearningEvent | null {
    const subscription = this.subscription;
    if (!subscription) return null;
    const { rng } = this.steps;
    const { plan } = subscription;
    let event: LearningEvent;
    if (work.kind === 'dunning-cancel' || rng.chance(0.05)) {
      event = this.steps.make('subscription.cancelled', 'billing');
      event.properties = { plan: plan.id, reason: work.kind === 'dunning-cancel' ? 'payment_failed' : 'not_renewed' };
      this.subscription = null;
    } else if (rng.chance(0.06)) {
      event = this.payment('payment.failed', plan);
      event.properties = { plan: plan.id, reason: rng.pick(PAYMENT_FAILURE_REASONS), renewal: true };
      subscription.failures++;
      this.steps.schedule(
        subscription.failures >= 2
          ? { at: work.at + DAY, kind: 'dunning-cancel', detail: plan.id }
          : { at: work.at + 3 * DAY, kind: 'renewal', detail: plan.id },
      );
    } else {
      event = this.payment('payment.succeeded', plan);
      event.properties = { plan: plan.id, renewal: true };
      subscription.failures = 0;
      this.steps.schedule({ at: work.at + renewalInterval(plan), kind: 'renewal', detail: plan.id });
    }
    return event;
  }

  private payment(type: 'payment.succeeded' | 'payment.failed', plan: Plan): LearningEvent {
    const { currency } = this.steps.learner.country;
    const event = this.steps.make(type, 'billing');
    event.amount = plan.price[currency];
    event.currency = currency;
    event.properties = { plan: plan.id };
    return event;
  }
}

function renewalInterval(plan: Plan): number {
  return plan.interval === 'month' ? 30 * DAY : 365 * DAY;
}
