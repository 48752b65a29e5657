import { registerEnumType } from 'type-graphql';

export enum GranularityEnum {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
registerEnumType(GranularityEnum, {
  name: 'Granularity',
  description: 'Calendar bucket size, in the period timezone. Weeks start on Monday; buckets at the edges are clipped to the period.',
});

export enum CompareToEnum {
  PREVIOUS_PERIOD = 'PREVIOUS_PERIOD',
  PREVIOUS_YEAR = 'PREVIOUS_YEAR',
}
registerEnumType(CompareToEnum, {
  name: 'CompareTo',
  description: 'The comparison period of a summary: the same number of days just before, or the same days one year earlier.',
});
