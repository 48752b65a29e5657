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
  description:
    'Calendar bucket size, in the period timezone. Weeks start on Monday. A bucket at an edge of the period counts only the events inside the period but keeps its calendar label and start (e.g. a WEEK bucket of a period that starts on a Wednesday is labelled with the Monday before).',
});

export enum CompareToEnum {
  PREVIOUS_PERIOD = 'PREVIOUS_PERIOD',
  PREVIOUS_YEAR = 'PREVIOUS_YEAR',
}
registerEnumType(CompareToEnum, {
  name: 'CompareTo',
  description: 'The comparison period of a summary: the same number of days just before, or the same days one year earlier.',
});
