/** The ClickHouse types a bound value can have (both renderings: query_params and literals). */
export type ClickHouseType =
  | 'String'
  | 'UInt8'
  | 'UInt32'
  | 'UInt64'
  | 'Int64'
  | 'Float64'
  | 'Bool'
  | 'Date'
  | "DateTime('UTC')"
  | "DateTime64(3, 'UTC')"
  | 'Array(String)'
  | 'Array(UUID)'
  | 'UUID';
