import { bucketCut, type Period } from '../../domain/period';
import type { LearnerScope, TenantScope } from '../../domain/tenant-scope';
import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { coversWholeUtcDays, onDay } from '../rollup-source';
import { param, sql, type SqlFragment } from '../sql';

/** Sessions of one group (a time bucket, a scenario, both, or all of them). */
export interface PracticeGroupRow {
  /** The bucket label ('' when not grouped by time). */
  bucket: string;
  /** The scenario ('' when not grouped by scenario). */
  scenarioId: string;
  sessions: number;
  learners: number;
  /** Sessions with a score, and the sum of their scores. */
  scored: number;
  scoreSum: number;
  durationSum: number;
}

export interface PracticeCriterionRow {
  criterion: string;
  /** Sessions that scored the criterion, and the sum of those scores. */
  sessions: number;
  learners: number;
  scoreSum: number;
}

export interface PracticeLearnerRow {
  userId: string;
  sessions: number;
  scored: number;
  scoreSum: number;
  durationSum: number;
  firstScore: number | null;
  lastScore: number | null;
  /** Per bucket in time order: [bucket, sessions, scored, score sum]. */
  progression: { bucket: string; sessions: number; scored: number; scoreSum: number }[];
  /** Per criterion: [criterion, sessions that scored it, score sum]. */
  criteria: { criterion: string; sessions: number; scoreSum: number }[];
}

/** Duration histogram edges in seconds: [0, 300), [300, 600), ... [3600, ∞). */
export const DURATION_EDGES = [0, 300, 600, 900, 1200, 1800, 2700, 3600] as const;

export type PracticeGrouping = 'total' | 'bucket' | 'scenario' | 'bucketScenario';

/**
 * Where a statement reads: the daily rollups (0094) or raw events. A benchmark passes 'raw' to
 * ask raw events for a period the rollups could answer.
 */
export type PracticeSource = 'rollup' | 'raw';

/** The rollups answer totals over whole UTC days, and buckets whose every boundary is a UTC midnight. */
export const practiceSourceFor = (period: Period, granularity: Granularity | null): PracticeSource =>
  (granularity === null ? coversWholeUtcDays(period) : bucketCut(period, granularity) === 'utc-days') ? 'rollup' : 'raw';

const checkSource = (source: PracticeSource, period: Period, granularity: Granularity | null) => {
  if (source === 'rollup' && practiceSourceFor(period, granularity) !== 'rollup')
    throw new Error(
      `rollup_practice_daily answers whole UTC days only (period ${period.from}..${period.to} ${period.timezone}, ${granularity ?? 'no'} buckets)`,
    );
};

/** properties.scenario_id when it is a string; '' otherwise. */
const SCENARIO = sql`if(dynamicType(properties.scenario_id) = 'String', toString(properties.scenario_id), '')`;

/**
 * properties.criteria as (name, score) pairs, numbers only. The JSON column keeps a sub-object
 * as separate paths, so `properties.^criteria` (the sub-object) is read back as JSON text;
 * the raw value of a string or boolean does not parse as a number and is dropped.
 */
const CRITERIA = sql`arrayFilter(x -> isNotNull(x.2), arrayMap(x -> (x.1, toFloat64OrNull(x.2)), JSONExtractKeysAndValuesRaw(toJSONString(properties.^criteria))))`;

/**
 * Practice sessions (`practice_session.completed`): from the daily rollups (0094) for whole UTC
 * days, otherwise from raw events. Each statement below is written twice, once per source; the
 * rollup's columns hold the raw expressions' values (see the migration), so both give the same
 * figures.
 */
export class PracticeProgressRepository {
  constructor(private readonly db: ClickHouse) {}

  private where(scope: TenantScope, period: Period, userId: string | null = null): SqlFragment {
    const user = userId === null ? sql`user_id != ''` : sql`user_id = ${userId}`;
    return sql`type = 'practice_session.completed' AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)} AND ${user}`;
  }

  private rollupWhere(scope: TenantScope, period: Period, userId: string | null = null): SqlFragment {
    const user = userId === null ? sql`1` : sql`user_id = ${userId}`;
    return sql`${onDay(period)} AND ${scopeCondition(scope)} AND ${user}`;
  }

  /**
   * One row per group of `grouping`; buckets are `granularity`'s labels in the period's timezone.
   * Sessions without a scenario are the scenario '' (the service does not list it; the privacy
   * rules count it as the group it is elsewhere, e.g. eventMetrics by properties.scenario_id).
   */
  async groups(
    scope: TenantScope,
    period: Period,
    granularity: Granularity,
    grouping: PracticeGrouping,
    source: PracticeSource = practiceSourceFor(period, grouping === 'bucket' || grouping === 'bucketScenario' ? granularity : null),
  ): Promise<PracticeGroupRow[]> {
    const byBucket = grouping === 'bucket' || grouping === 'bucketScenario';
    checkSource(source, period, byBucket ? granularity : null);
    const rollup = source === 'rollup';
    const bucket = byBucket ? bucketExpression(granularity, rollup ? 'day' : 'timestamp', period.timezone) : sql`''`;
    const scenario = grouping === 'scenario' || grouping === 'bucketScenario' ? (rollup ? sql`scenario_id` : SCENARIO) : sql`''`;
    const rows = await this.db.query<{
      bucket: string;
      scenario: string;
      sessions: string;
      learners: string;
      scored: string;
      score_sum: number | null;
      duration_sum: string;
    }>(
      `metrics.practice.groups.${grouping}${rollup ? '_rollup' : ''}`,
      rollup
        ? sql`SELECT ${bucket} AS bucket, ${scenario} AS scenario, sum(sessions) AS sessions, uniqExact(user_id) AS learners,
                     sum(scored) AS scored, sum(score_sum) AS score_sum, sum(duration_sum) AS duration_sum
              FROM ${this.db.table('rollup_practice_daily')}
              WHERE ${this.rollupWhere(scope, period)}
              GROUP BY bucket, scenario
              ORDER BY bucket, scenario`
        : sql`SELECT ${bucket} AS bucket, ${scenario} AS scenario, count() AS sessions, uniqExact(user_id) AS learners,
                     count(score) AS scored, sum(score) AS score_sum, sum(duration_seconds) AS duration_sum
              FROM ${this.db.table('events')}
              WHERE ${this.where(scope, period)}
              GROUP BY bucket, scenario
              ORDER BY bucket, scenario`,
    );
    return rows.map((r) => ({
      bucket: r.bucket,
      scenarioId: r.scenario,
      sessions: Number(r.sessions),
      learners: Number(r.learners),
      scored: Number(r.scored),
      scoreSum: Number(r.score_sum ?? 0),
      durationSum: Number(r.duration_sum),
    }));
  }

  async criteria(scope: TenantScope, period: Period, source: PracticeSource = practiceSourceFor(period, null)): Promise<PracticeCriterionRow[]> {
    checkSource(source, period, null);
    const rollup = source === 'rollup';
    const rows = await this.db.query<{ criterion: string; sessions: string; learners: string; score_sum: number }>(
      rollup ? 'metrics.practice.criteria_rollup' : 'metrics.practice.criteria',
      rollup
        ? sql`SELECT criterion, sum(sessions) AS sessions, uniqExact(user_id) AS learners, sum(score_sum) AS score_sum
              FROM ${this.db.table('rollup_practice_criteria_daily')}
              WHERE ${this.rollupWhere(scope, period)}
              GROUP BY criterion
              ORDER BY criterion`
        : sql`SELECT c.1 AS criterion, count() AS sessions, uniqExact(user_id) AS learners, sum(assumeNotNull(c.2)) AS score_sum
              FROM ${this.db.table('events')}
              ARRAY JOIN ${CRITERIA} AS c
              WHERE ${this.where(scope, period)}
              GROUP BY criterion
              ORDER BY criterion`,
    );
    return rows.map((r) => ({ criterion: r.criterion, sessions: Number(r.sessions), learners: Number(r.learners), scoreSum: Number(r.score_sum) }));
  }

  /** Sessions per duration band (DURATION_EDGES), the learners behind each band, and those of all bands. */
  async durations(
    scope: TenantScope,
    period: Period,
    source: PracticeSource = practiceSourceFor(period, null),
  ): Promise<{ bands: number[]; bandLearners: number[]; learners: number }> {
    checkSource(source, period, null);
    const rollup = source === 'rollup';
    const rows = await this.db.query<{ band: string; whole: string; sessions: string; learners: string }>(
      rollup ? 'metrics.practice.durations_rollup' : 'metrics.practice.durations',
      // arrayLastIndex(e -> e <= d, edges) is the band of d (1-based; edges[1] = 0 holds every d);
      // the grouping set () is all bands together (whole = grouping(band) = 1).
      // The edges are DURATION_EDGES, written out (constants of the code, not input); the
      // rollup keeps the same band in its `band` column.
      rollup
        ? sql`SELECT band, grouping(band) AS whole, sum(sessions) AS sessions, uniqExact(user_id) AS learners
              FROM ${this.db.table('rollup_practice_daily')}
              WHERE ${this.rollupWhere(scope, period)}
              GROUP BY GROUPING SETS ((band), ())
              ORDER BY band`
        : sql`SELECT arrayLastIndex(e -> e <= duration_seconds, [0, 300, 600, 900, 1200, 1800, 2700, 3600]) AS band,
                     grouping(band) AS whole, count() AS sessions, uniqExact(user_id) AS learners
              FROM ${this.db.table('events')}
              WHERE ${this.where(scope, period)}
              GROUP BY GROUPING SETS ((band), ())
              ORDER BY band`,
    );
    const bands = DURATION_EDGES.map(() => 0);
    const bandLearners = DURATION_EDGES.map(() => 0);
    let learners = 0;
    for (const r of rows) {
      const band = Number(r.band);
      if (Number(r.whole) === 1) learners = Number(r.learners);
      else if (band >= 1 && band <= bands.length) {
        bands[band - 1] = Number(r.sessions);
        bandLearners[band - 1] = Number(r.learners);
      }
    }
    return { bands, bandLearners, learners };
  }

  /**
   * Per learner, most sessions first (ties by user_id), at most `limit`. A learner-level read:
   * only a LearnerScope reaches it.
   */
  async learners(
    scope: LearnerScope,
    period: Period,
    granularity: Granularity,
    userId: string | null,
    limit: number,
    source: PracticeSource = practiceSourceFor(period, granularity),
  ): Promise<PracticeLearnerRow[]> {
    checkSource(source, period, granularity);
    const rows = await this.db.query<{
      user_id: string;
      sessions: string;
      scored: string;
      score_sum: number | null;
      duration_sum: string;
      first_score: number | null;
      last_score: number | null;
      progression: [string, string, string, number | null][];
      criteria: [string, string, number][];
    }>(
      source === 'rollup' ? 'metrics.practice.learners_rollup' : 'metrics.practice.learners',
      // Three groupings of the same sessions joined on user_id: totals, per bucket, per criterion.
      // First and last score: the earliest and latest scored session (ties by event_id).
      sql`SELECT t.user_id AS user_id, t.sessions AS sessions, t.scored AS scored, t.score_sum AS score_sum, t.duration_sum AS duration_sum,
                 t.first_score AS first_score, t.last_score AS last_score, p.progression AS progression, c.criteria AS criteria
          FROM (${source === 'rollup' ? this.learnerTotalsFromRollup(scope, period, userId) : this.learnerTotalsFromEvents(scope, period, userId)}
                ORDER BY sessions DESC, user_id
                LIMIT ${param(limit, 'UInt32')}) AS t
          LEFT JOIN (
            SELECT user_id, arraySort(x -> x.1, groupArray((bucket, n, scored, score_sum))) AS progression
            FROM (${source === 'rollup' ? this.learnerBucketsFromRollup(scope, period, granularity, userId) : this.learnerBucketsFromEvents(scope, period, granularity, userId)})
            GROUP BY user_id
          ) AS p ON p.user_id = t.user_id
          LEFT JOIN (
            SELECT user_id, arraySort(x -> x.1, groupArray((criterion, n, score_sum))) AS criteria
            FROM (${source === 'rollup' ? this.learnerCriteriaFromRollup(scope, period, userId) : this.learnerCriteriaFromEvents(scope, period, userId)})
            GROUP BY user_id
          ) AS c ON c.user_id = t.user_id
          ORDER BY sessions DESC, user_id`,
    );
    return rows.map((r) => ({
      userId: r.user_id,
      sessions: Number(r.sessions),
      scored: Number(r.scored),
      scoreSum: Number(r.score_sum ?? 0),
      durationSum: Number(r.duration_sum),
      firstScore: r.first_score === null ? null : Number(r.first_score),
      lastScore: r.last_score === null ? null : Number(r.last_score),
      progression: (r.progression ?? []).map(([b, n, scored, sum]) => ({ bucket: b, sessions: Number(n), scored: Number(scored), scoreSum: Number(sum ?? 0) })),
      criteria: (r.criteria ?? []).map(([criterion, n, sum]) => ({ criterion, sessions: Number(n), scoreSum: Number(sum) })),
    }));
  }

  // The three groupings of `learners`, per source. Columns: user_id, sessions, scored, score_sum,
  // duration_sum, first_score, last_score | user_id, bucket, n, scored, score_sum | user_id,
  // criterion, n, score_sum.

  private learnerTotalsFromEvents(scope: TenantScope, period: Period, userId: string | null): SqlFragment {
    return sql`SELECT user_id, count() AS sessions, count(score) AS scored, sum(score) AS score_sum, sum(duration_seconds) AS duration_sum,
                      argMinIf(score, (timestamp, event_id), isNotNull(score)) AS first_score,
                      argMaxIf(score, (timestamp, event_id), isNotNull(score)) AS last_score
               FROM ${this.db.table('events')} WHERE ${this.where(scope, period, userId)}
               GROUP BY user_id`;
  }

  private learnerTotalsFromRollup(scope: TenantScope, period: Period, userId: string | null): SqlFragment {
    // The argMin/argMax states of a learner without a scored session hold nothing: NULL, as raw.
    return sql`SELECT user_id, sum(sessions) AS sessions, sum(scored) AS scored, sum(score_sum) AS score_sum, sum(duration_sum) AS duration_sum,
                      if(scored = 0, NULL, argMinIfMerge(first_score)) AS first_score,
                      if(scored = 0, NULL, argMaxIfMerge(last_score)) AS last_score
               FROM ${this.db.table('rollup_practice_daily')} WHERE ${this.rollupWhere(scope, period, userId)}
               GROUP BY user_id`;
  }

  private learnerBucketsFromEvents(scope: TenantScope, period: Period, granularity: Granularity, userId: string | null): SqlFragment {
    return sql`SELECT user_id, ${bucketExpression(granularity, 'timestamp', period.timezone)} AS bucket, count() AS n, count(score) AS scored, sum(score) AS score_sum
               FROM ${this.db.table('events')} WHERE ${this.where(scope, period, userId)} GROUP BY user_id, bucket`;
  }

  private learnerBucketsFromRollup(scope: TenantScope, period: Period, granularity: Granularity, userId: string | null): SqlFragment {
    return sql`SELECT user_id, ${bucketExpression(granularity, 'day', period.timezone)} AS bucket, sum(sessions) AS n, sum(scored) AS scored, sum(score_sum) AS score_sum
               FROM ${this.db.table('rollup_practice_daily')} WHERE ${this.rollupWhere(scope, period, userId)} GROUP BY user_id, bucket`;
  }

  private learnerCriteriaFromEvents(scope: TenantScope, period: Period, userId: string | null): SqlFragment {
    return sql`SELECT user_id, c.1 AS criterion, count() AS n, sum(assumeNotNull(c.2)) AS score_sum
               FROM ${this.db.table('events')} ARRAY JOIN ${CRITERIA} AS c WHERE ${this.where(scope, period, userId)} GROUP BY user_id, criterion`;
  }

  private learnerCriteriaFromRollup(scope: TenantScope, period: Period, userId: string | null): SqlFragment {
    return sql`SELECT user_id, criterion, sum(sessions) AS n, sum(score_sum) AS score_sum
               FROM ${this.db.table('rollup_practice_criteria_daily')} WHERE ${this.rollupWhere(scope, period, userId)} GROUP BY user_id, criterion`;
  }
}
