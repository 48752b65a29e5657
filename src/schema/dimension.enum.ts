import { registerEnumType } from 'type-graphql';

export enum Dimension {
  PLATFORM = 'PLATFORM',
  COUNTRY = 'COUNTRY',
  UTM_SOURCE = 'UTM_SOURCE',
  UTM_MEDIUM = 'UTM_MEDIUM',
  UTM_CAMPAIGN = 'UTM_CAMPAIGN',
  COMPANY = 'COMPANY',
}
registerEnumType(Dimension, {
  name: 'Dimension',
  description: 'An event attribute a metric can be broken down by. An event without a value has the empty string.',
  valuesConfig: {
    PLATFORM: { description: 'platform: web, ios or android.' },
    COUNTRY: { description: 'country: ISO-3166 alpha-2.' },
    UTM_SOURCE: { description: 'utm_source.' },
    UTM_MEDIUM: { description: 'utm_medium.' },
    UTM_CAMPAIGN: { description: 'utm_campaign.' },
    COMPANY: { description: 'company_id (empty for solo learners).' },
  },
});

/** The `events` columns a Dimension reads: a closed union, so SQL only ever names one of these. */
export type DimensionColumn = 'platform' | 'country' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'company_id';

export const DIMENSION_COLUMNS: Readonly<Record<Dimension, DimensionColumn>> = {
  [Dimension.PLATFORM]: 'platform',
  [Dimension.COUNTRY]: 'country',
  [Dimension.UTM_SOURCE]: 'utm_source',
  [Dimension.UTM_MEDIUM]: 'utm_medium',
  [Dimension.UTM_CAMPAIGN]: 'utm_campaign',
  [Dimension.COMPANY]: 'company_id',
};
