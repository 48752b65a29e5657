import { registerEnumType } from 'type-graphql';

export enum MeasureEnum {
  COUNT = 'COUNT',
  UNIQUE_USERS = 'UNIQUE_USERS',
  SUM = 'SUM',
  AVG = 'AVG',
}
registerEnumType(MeasureEnum, {
  name: 'Measure',
  description: 'What eventMetrics computes per row.',
  valuesConfig: {
    COUNT: { description: 'Number of events.' },
    UNIQUE_USERS: { description: 'Distinct non-empty user_id (uniqExact: exact, no estimation error).' },
    SUM: { description: 'Sum of `property` over the events where it holds a number.' },
    AVG: { description: 'Arithmetic mean of `property` over the events where it holds a number.' },
  },
});
