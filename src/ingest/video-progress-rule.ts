/**
 * What a `video.progressed` event must say about how far the learner got (design.md catalogue):
 * either `properties.percent` (0-100, the milestones 25/50/75/100 the course platform's
 * video_progress sends), or `properties.position_seconds` with `properties.length_seconds`
 * (> 0), the player position and the video's length, as players and the xAPI Video Profile
 * report them. Both may be sent; percent then wins. Pure.
 */
import { describeValue, type FieldError } from './ingest-errors';

export function videoProgressErrors(properties: Record<string, unknown>): FieldError[] {
  const { percent, position_seconds: position, length_seconds: length } = properties;
  const errors: FieldError[] = [];
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (percent !== undefined && (!isNumber(percent) || percent < 0 || percent > 100)) {
    errors.push({
      field: 'properties.percent',
      message: `properties.percent must be a number from 0 to 100 (share of the video reached), got ${describeValue(percent)}`,
    });
  }
  if (position !== undefined && (!isNumber(position) || position < 0)) {
    errors.push({
      field: 'properties.position_seconds',
      message: `properties.position_seconds must be a non-negative number of seconds, got ${describeValue(position)}`,
    });
  }
  if (length !== undefined && (!isNumber(length) || length <= 0)) {
    errors.push({
      field: 'properties.length_seconds',
      message: `properties.length_seconds must be a positive number of seconds (the video's length), got ${describeValue(length)}`,
    });
  }
  if (percent === undefined && (position === undefined || length === undefined)) {
    errors.push({
      field: 'properties',
      message:
        'video.progressed events need properties.percent (0-100, e.g. the milestone 25, 50, 75 or 100) or both properties.position_seconds and properties.length_seconds',
    });
  }
  return errors;
}
