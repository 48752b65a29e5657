-- Why: the course platform's completion question ("Completion rate by course": enrolled users, and
-- of them those with a completed class) asked for every course at once is courseProgress's
-- enrollmentCohort of a `courses(ids)` list. From the hourly per-learner rollup (0041) it groups
-- every (course, hour, company, learner, lesson) row of the listed courses by learner, which at
-- 10M events is most of that table (about the size of the learning events). The cohort only
-- needs, per (course, company, learner), whether and when they enrolled and whether they ever
-- started / completed a lesson or the course: this keeps exactly that, one row per
-- (course, company, learner), with no time bucket.
--
-- The cohort of a period is "learners with a course.enrolled in [from, to)" (whole hours). From
-- the earliest and latest enrollment hour and the enrollment count it is exact for a learner when
-- the first or last enrollment hour is in the period (in), both are on one side of it (out), or
-- they enrolled at most twice (first before, last after: none between). Only a learner with 3 or
-- more enrollments of the course whose first is before and last after the period is undecided;
-- the reader (course-progress.repository.ts) then answers that course from 0041 instead.
--
-- SimpleAggregateFunction(sum / min / max): merges of parts never change an answer. A row without
-- enrollments carries first_enrolled_hour = the largest DateTime and last_enrolled_hour = 0, so
-- min and max over a learner's rows are those of their enrollments. The learning-event predicate
-- and lesson_events / lesson_completions are 0041's (a lesson.* event with a lesson_id). Dedup
-- window: see 0003. The INSERT at the end backfills events stored before this migration.
CREATE TABLE IF NOT EXISTS ${db}.rollup_learner_course_total
(
    course_id String,
    company_id String,
    user_id String,
    enrollments SimpleAggregateFunction(sum, UInt64),
    first_enrolled_hour SimpleAggregateFunction(min, DateTime('UTC')),
    last_enrolled_hour SimpleAggregateFunction(max, DateTime('UTC')),
    lesson_events SimpleAggregateFunction(sum, UInt64),
    lesson_completions SimpleAggregateFunction(sum, UInt64),
    course_completions SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, company_id, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_learner_course_total TO ${db}.rollup_learner_course_total AS
SELECT
    course_id,
    company_id,
    user_id,
    toUInt64(countIf(type = 'course.enrolled')) AS enrollments,
    if(enrollments > 0, toDateTime(toStartOfHour(minIf(timestamp, type = 'course.enrolled')), 'UTC'), toDateTime(4294967295, 'UTC')) AS first_enrolled_hour,
    if(enrollments > 0, toDateTime(toStartOfHour(maxIf(timestamp, type = 'course.enrolled')), 'UTC'), toDateTime(0, 'UTC')) AS last_enrolled_hour,
    toUInt64(countIf(startsWith(type, 'lesson.') AND lesson_id != '')) AS lesson_events,
    toUInt64(countIf(type = 'lesson.completed' AND lesson_id != '')) AS lesson_completions,
    toUInt64(countIf(type = 'course.completed')) AS course_completions
FROM ${db}.events
WHERE course_id != '' AND user_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed'))
GROUP BY course_id, company_id, user_id;

INSERT INTO ${db}.rollup_learner_course_total
SELECT
    course_id,
    company_id,
    user_id,
    toUInt64(countIf(type = 'course.enrolled')) AS enrollments,
    if(enrollments > 0, toDateTime(toStartOfHour(minIf(timestamp, type = 'course.enrolled')), 'UTC'), toDateTime(4294967295, 'UTC')) AS first_enrolled_hour,
    if(enrollments > 0, toDateTime(toStartOfHour(maxIf(timestamp, type = 'course.enrolled')), 'UTC'), toDateTime(0, 'UTC')) AS last_enrolled_hour,
    toUInt64(countIf(startsWith(type, 'lesson.') AND lesson_id != '')) AS lesson_events,
    toUInt64(countIf(type = 'lesson.completed' AND lesson_id != '')) AS lesson_completions,
    toUInt64(countIf(type = 'course.completed')) AS course_completions
FROM ${db}.events
WHERE course_id != '' AND user_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed'))
GROUP BY course_id, company_id, user_id;
