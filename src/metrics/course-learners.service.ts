import DataLoader from 'dataloader';
import { CatalogRepository } from '../clickhouse/repositories/catalog.repository';
import {
  CourseLearnersRepository,
  type CourseLearnerCounts,
  type CourseLearnerRow,
  type StatusRule,
} from '../clickhouse/repositories/course-learners.repository';
import { checkId, checkRowLimit } from '../domain/arguments';
import { DEFAULT_AT_RISK_AFTER_DAYS, DEFAULT_INACTIVE_AFTER_DAYS, MAX_LEARNERS_LIMIT, type Curriculum, type LearnerStatus } from '../domain/catalog';
import { badUserInput } from '../domain/errors';
import type { LearnerScope } from '../domain/tenant-scope';
import type { ServiceDeps } from './request-services';
import type { CurriculumReader } from './course-progress.service';

export type CourseLearnersReader = Pick<CourseLearnersRepository, 'lessonsSeen' | 'list' | 'counts'>;

export interface CourseLearnersArgs {
  courseId: string;
  companyId: string | null;
  status: LearnerStatus | null;
  limit: number;
  atRiskAfterDays?: number | null;
  inactiveAfterDays?: number | null;
  asOf?: Date | null;
}

export interface CourseLearner extends Omit<CourseLearnerRow, 'lessonsCompleted' | 'quizzesScored'> {
  lessonsCompleted: number;
  /** lessonsCompleted / lessonCount; null when the course has no lessons. */
  progress: number | null;
  daysSinceLastActivity: number;
  quizzesScored: number;
}

export interface CourseLearners {
  courseId: string;
  asOf: Date;
  atRiskAfterDays: number;
  inactiveAfterDays: number;
  passThreshold: number | null;
  lessonCount: number;
  /** The rest loads only when asked for. */
  ref: { scope: LearnerScope; rule: StatusRule; status: LearnerStatus | null; limit: number };
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 3650;

function checkDays(argumentName: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DAYS)
    throw badUserInput(argumentName, `must be a whole number of days from 1 to ${MAX_DAYS}, got ${value}`);
  return value;
}

/**
 * learners(courseId, companyId, status, limit): the course's learners with progress, last
 * activity, quiz average and a status. A learner-level read: the scope comes from
 * Tenancy.learnerScopeFor, so a partner needs the `learners:read` token scope (FORBIDDEN before
 * any query otherwise), and nothing is thresholded (each row is one named learner by design).
 */
export class CourseLearnersService {
  private readonly curricula: DataLoader<string, Curriculum | null>;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CourseLearnersReader = new CourseLearnersRepository(deps.db),
    catalog: CurriculumReader = new CatalogRepository(deps.db),
  ) {
    this.curricula = new DataLoader(async (ids: readonly string[]) => {
      const found = await catalog.curricula([...ids]);
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  async learners(args: CourseLearnersArgs): Promise<CourseLearners> {
    const scope = this.deps.tenancy.learnerScopeFor(args.companyId);
    checkId('courseId', args.courseId);
    const limit = checkRowLimit('limit', args.limit, MAX_LEARNERS_LIMIT);
    const atRiskAfterDays = checkDays('atRiskAfterDays', args.atRiskAfterDays ?? DEFAULT_AT_RISK_AFTER_DAYS);
    const inactiveAfterDays = checkDays('inactiveAfterDays', args.inactiveAfterDays ?? DEFAULT_INACTIVE_AFTER_DAYS);
    if (inactiveAfterDays <= atRiskAfterDays)
      throw badUserInput('inactiveAfterDays', `must be more than atRiskAfterDays (${atRiskAfterDays}): a learner is at risk before being counted as gone`);
    const asOf = args.asOf ?? new Date();
    if (Number.isNaN(asOf.getTime())) throw badUserInput('asOf', 'must be a valid date-time');
    const [curriculum, seen] = await Promise.all([this.curricula.load(args.courseId), this.repo.lessonsSeen(scope, args.courseId, asOf)]);
    const lessons = new Set([...(curriculum?.lessons.map((l) => l.lessonId) ?? []), ...seen]);
    const passThreshold = curriculum?.passThreshold ?? null;
    return {
      courseId: args.courseId,
      asOf,
      atRiskAfterDays,
      inactiveAfterDays,
      passThreshold,
      lessonCount: lessons.size,
      ref: { scope, rule: { asOf, atRiskAfterDays, inactiveAfterDays, passThreshold }, status: args.status, limit },
    };
  }

  async list(of: CourseLearners): Promise<CourseLearner[]> {
    const rows = await this.repo.list(of.ref.scope, of.courseId, of.ref.rule, of.ref.status, of.ref.limit);
    return rows.map((r) => ({
      ...r,
      progress: of.lessonCount === 0 ? null : r.lessonsCompleted / of.lessonCount,
      daysSinceLastActivity: Math.floor((of.asOf.getTime() - r.lastActivityAt.getTime()) / DAY_MS),
    }));
  }

  counts(of: CourseLearners): Promise<CourseLearnerCounts> {
    return this.repo.counts(of.ref.scope, of.courseId, of.ref.rule);
  }
}
