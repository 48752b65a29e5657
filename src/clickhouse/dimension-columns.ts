import type { Dimension } from '../domain/vocabulary';

/** The `events` columns a Dimension reads: a closed union, so SQL only ever names one of these. */
export type DimensionColumn = 'platform' | 'country' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'company_id';

export const DIMENSION_COLUMNS: Readonly<Record<Dimension, DimensionColumn>> = {
  PLATFORM: 'platform',
  COUNTRY: 'country',
  UTM_SOURCE: 'utm_source',
  UTM_MEDIUM: 'utm_medium',
  UTM_CAMPAIGN: 'utm_campaign',
  COMPANY: 'company_id',
};
