-- Why: the curriculum as data (issue 14). Metrics over lesson and quiz events need the course's
-- structure for names and curriculum order (courseProgress) and for pass thresholds (learners);
-- the events only carry ids. The course platform sends each course's whole tree to
-- PUT /v1/catalog/courses/{id} (or npm run import:postgres -- --catalog reads it from its tables).
--
-- Versioned: every distinct tree of a course is stored as a new version and never changed, so a
-- figure can always say which structure it used. A PUT of the tree the latest version already
-- holds (same content_hash) stores nothing. The course row is written LAST: readers only see a
-- version whose catalog_courses row exists, so a PUT interrupted half way is invisible and its
-- retry (same rows, same deduplication tokens) completes it.
--
-- ReplacingMergeTree on the natural key: a retried or repeated insert of one version's rows
-- collapses to one row per key even outside the deduplication window; readers use FINAL (the
-- tables hold curriculum, not events: thousands of rows, so FINAL costs nothing that matters).
-- Order is by position (the curriculum order the tree's arrays gave).
CREATE TABLE IF NOT EXISTS ${db}.catalog_courses
(
    course_id String,
    version UInt32,
    title String,
    description String,
    pass_threshold Nullable(Float64),
    lesson_count UInt32,
    quiz_count UInt32,
    content_hash String,
    received_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY (course_id, version)
SETTINGS non_replicated_deduplication_window = 10000;

-- One row per lesson of a version, with its module (a module is the lessons it holds, so a
-- module without lessons is refused at the door). topic_* keep the course platform's level
-- between module and class.
CREATE TABLE IF NOT EXISTS ${db}.catalog_lessons
(
    course_id String,
    version UInt32,
    position UInt32,
    module_id String,
    module_title String,
    module_position UInt32,
    topic_id String,
    topic_title String,
    lesson_id String,
    title String,
    lesson_type LowCardinality(String),
    expected_duration_seconds Nullable(UInt32)
)
ENGINE = ReplacingMergeTree
ORDER BY (course_id, version, position)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.catalog_quizzes
(
    course_id String,
    version UInt32,
    position UInt32,
    quiz_id String,
    lesson_id String,
    title String,
    pass_threshold Nullable(Float64),
    max_attempts Nullable(UInt32),
    time_limit_seconds Nullable(UInt32)
)
ENGINE = ReplacingMergeTree
ORDER BY (course_id, version, position)
SETTINGS non_replicated_deduplication_window = 10000;

-- Answers as parallel arrays (id, text, is correct): they are only ever read with their question.
CREATE TABLE IF NOT EXISTS ${db}.catalog_questions
(
    course_id String,
    version UInt32,
    quiz_id String,
    position UInt32,
    question_id String,
    question_type LowCardinality(String),
    text String,
    points Float64,
    answer_ids Array(String),
    answer_texts Array(String),
    answer_correct Array(Bool)
)
ENGINE = ReplacingMergeTree
ORDER BY (course_id, version, quiz_id, position)
SETTINGS non_replicated_deduplication_window = 10000;
