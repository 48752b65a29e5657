import type { FunnelStepFilter } from '../clickhouse/repositories/funnel.repository';
import { checkEventType } from './argument-rules';
import { badUserInput } from './errors';
import { checkId } from './id-arguments';
import { checkPropertyFilters, type PropertyFilter } from './property-filter';

/** One step as asked for (FunnelStepInput): absent filters are null or undefined. */
export interface FunnelStepArgs {
  eventType: string;
  name?: string | null;
  courseId?: string | null;
  lessonId?: string | null;
  pagePrefix?: string | null;
  where?: readonly PropertyFilter[] | null;
}

export interface CheckedFunnelStep extends FunnelStepFilter {
  name: string;
}

export const MIN_FUNNEL_STEPS = 2;
/** windowFunnel accepts at most 32 conditions; 20 keeps the UNORDERED search affordable. */
export const MAX_FUNNEL_STEPS = 20;
export const MAX_WINDOW_SECONDS = 90 * 24 * 3600;
const MAX_NAME_LENGTH = 200;
const MAX_PAGE_PREFIX_LENGTH = 1024;

function optionalText(argumentName: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value === '') throw badUserInput(argumentName, 'must not be empty; leave it out to match any value');
  if (value.length > max) throw badUserInput(argumentName, `is ${value.length} characters long; at most ${max}`);
  return value;
}

export function checkFunnelSteps(steps: readonly FunnelStepArgs[]): CheckedFunnelStep[] {
  if (steps.length < MIN_FUNNEL_STEPS || steps.length > MAX_FUNNEL_STEPS) {
    throw badUserInput('steps', `a funnel has ${MIN_FUNNEL_STEPS} to ${MAX_FUNNEL_STEPS} steps, got ${steps.length}`);
  }
  return steps.map((step, i) => {
    const arg = `steps[${i}]`;
    const eventType = checkEventType(`${arg}.eventType`, step.eventType);
    return {
      eventType,
      name: optionalText(`${arg}.name`, step.name, MAX_NAME_LENGTH) ?? eventType,
      courseId: step.courseId === null || step.courseId === undefined ? null : checkId(`${arg}.courseId`, step.courseId),
      lessonId: step.lessonId === null || step.lessonId === undefined ? null : checkId(`${arg}.lessonId`, step.lessonId),
      pagePrefix: optionalText(`${arg}.pagePrefix`, step.pagePrefix, MAX_PAGE_PREFIX_LENGTH),
      where: checkPropertyFilters(`${arg}.where`, step.where ?? []),
    };
  });
}

export function checkWindow(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
    throw badUserInput('window', `must be a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS} (90 days), got ${seconds}`);
  }
  return seconds;
}
