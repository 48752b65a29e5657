import type { Role } from '../domain/viewer';

/** The roles that read metrics, and so run ClickHouse queries on behalf of a request. */
export type ReadRole = 'partner' | 'analyst' | 'admin';

export const READ_ROLES: readonly ReadRole[] = ['partner', 'analyst', 'admin'];

/** ClickHouse limits every query of one request carries (0 = no limit, as in ClickHouse). */
export interface RoleQueryLimits {
  /** max_execution_time, seconds (fractions allowed). */
  maxExecutionTimeSeconds: number;
  /** max_memory_usage, bytes, per query. */
  maxMemoryUsageBytes: number;
  /** max_rows_to_read, per query (rows read from tables, before filtering). */
  maxRowsToRead: number;
  /** max_result_rows, per query (rows of the final result; subqueries are not counted). */
  maxResultRows: number;
}

/** What one request may ask for, checked before any ClickHouse query (README "Limits"). */
export interface LimitsConfig {
  /**
   * Lexical tokens in one GraphQL document (MAX_QUERY_TOKENS), enforced by the parser: a 1 MB
   * document is refused after this many tokens instead of being parsed and validated whole
   * (seconds of CPU). The other limits apply to the documents under it.
   */
  maxTokens: number;
  /** Deepest field nesting of an operation (MAX_QUERY_DEPTH). */
  maxDepth: number;
  /** Aliased fields in one operation, fragments counted where they are spread (MAX_ALIASES). */
  maxAliases: number;
  /** Root fields (distinct response keys) in one operation (MAX_ROOT_FIELDS). */
  maxRootFields: number;
  /** Items in any list argument or list inside an input argument (MAX_LIST_LENGTH). */
  maxListLength: number;
  /** Operations in one batched HTTP request (MAX_BATCH_OPERATIONS). */
  maxBatchOperations: number;
  /** Cost points one HTTP request may spend, per role (COST_BUDGET_<ROLE>). */
  costBudget: Record<Role, number>;
  /** ClickHouse settings per metric-reading role (<ROLE>_MAX_EXECUTION_TIME and friends). */
  clickhouse: Record<ReadRole, RoleQueryLimits>;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  maxTokens: 40_000,
  maxDepth: 10,
  maxAliases: 30,
  maxRootFields: 20,
  maxListLength: 500,
  maxBatchOperations: 10,
  costBudget: { partner: 200, analyst: 1000, admin: 2000, ingest: 50 },
  clickhouse: {
    partner: { maxExecutionTimeSeconds: 10, maxMemoryUsageBytes: 1_000_000_000, maxRowsToRead: 100_000_000, maxResultRows: 100_000 },
    analyst: { maxExecutionTimeSeconds: 20, maxMemoryUsageBytes: 4_000_000_000, maxRowsToRead: 1_000_000_000, maxResultRows: 1_000_000 },
    admin: { maxExecutionTimeSeconds: 30, maxMemoryUsageBytes: 8_000_000_000, maxRowsToRead: 5_000_000_000, maxResultRows: 2_000_000 },
  },
};

function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, { min, integer }: { min: number; integer: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name}=${raw} is not ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
  }
  return value;
}

const count = (env: NodeJS.ProcessEnv, name: string, fallback: number) => numberFromEnv(env, name, fallback, { min: 1, integer: true });

function roleQueryLimits(env: NodeJS.ProcessEnv, role: ReadRole): RoleQueryLimits {
  const prefix = role.toUpperCase();
  const d = DEFAULT_LIMITS.clickhouse[role];
  // 0 switches a ClickHouse limit off, as in ClickHouse itself.
  return {
    maxExecutionTimeSeconds: numberFromEnv(env, `${prefix}_MAX_EXECUTION_TIME`, d.maxExecutionTimeSeconds, { min: 0, integer: false }),
    maxMemoryUsageBytes: numberFromEnv(env, `${prefix}_MAX_MEMORY_USAGE`, d.maxMemoryUsageBytes, { min: 0, integer: true }),
    maxRowsToRead: numberFromEnv(env, `${prefix}_MAX_ROWS_TO_READ`, d.maxRowsToRead, { min: 0, integer: true }),
    maxResultRows: numberFromEnv(env, `${prefix}_MAX_RESULT_ROWS`, d.maxResultRows, { min: 0, integer: true }),
  };
}

export function loadLimitsConfig(env: NodeJS.ProcessEnv): LimitsConfig {
  const d = DEFAULT_LIMITS;
  return {
    maxTokens: count(env, 'MAX_QUERY_TOKENS', d.maxTokens),
    maxDepth: count(env, 'MAX_QUERY_DEPTH', d.maxDepth),
    maxAliases: numberFromEnv(env, 'MAX_ALIASES', d.maxAliases, { min: 0, integer: true }),
    maxRootFields: count(env, 'MAX_ROOT_FIELDS', d.maxRootFields),
    maxListLength: count(env, 'MAX_LIST_LENGTH', d.maxListLength),
    maxBatchOperations: count(env, 'MAX_BATCH_OPERATIONS', d.maxBatchOperations),
    costBudget: {
      partner: count(env, 'COST_BUDGET_PARTNER', d.costBudget.partner),
      analyst: count(env, 'COST_BUDGET_ANALYST', d.costBudget.analyst),
      admin: count(env, 'COST_BUDGET_ADMIN', d.costBudget.admin),
      ingest: count(env, 'COST_BUDGET_INGEST', d.costBudget.ingest),
    },
    clickhouse: { partner: roleQueryLimits(env, 'partner'), analyst: roleQueryLimits(env, 'analyst'), admin: roleQueryLimits(env, 'admin') },
  };
}
