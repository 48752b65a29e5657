-- Why: quizItems' per-question figures (issue 14: share correct, most chosen wrong answer, the
-- learners who answered) ARRAY JOIN the JSON `properties.answers` of every quiz.completed of the
-- period. Here each UTC day keeps, per quiz, course, company, question, answer and whether it was
-- correct, the count and the set of learners, so a period of whole UTC days sums and merges those
-- instead: the same figures, exactly. The per-attempt figures (first attempt, attempts until a
-- pass) need each learner's attempts in order and stay on raw events.
--
-- question_id, answer and correct are the raw reader's expressions (quiz-items.repository.ts):
-- the answer as text when it is a string, '' when absent, its JSON otherwise. Rows whose
-- question_id is '' are kept and left out by the reader, as the raw reader does. Dedup window:
-- see 0003. The INSERT at the end backfills events stored before this migration.
CREATE TABLE IF NOT EXISTS ${db}.rollup_quiz_answers_daily
(
    day Date,
    quiz_id String,
    course_id String,
    company_id String,
    question_id String,
    answer String,
    correct Bool,
    answers SimpleAggregateFunction(sum, UInt64),
    users AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (quiz_id, day, course_id, company_id, question_id, answer, correct)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_quiz_answers_daily TO ${db}.rollup_quiz_answers_daily AS
SELECT
    toDate(timestamp) AS day,
    quiz_id,
    course_id,
    company_id,
    toString(a.question_id) AS question_id,
    multiIf(dynamicType(a.answer) = 'None', '', dynamicType(a.answer) = 'String', toString(a.answer), toJSONString(a.answer)) AS answer,
    toString(a.correct) = 'true' AS correct,
    toUInt64(count()) AS answers,
    uniqExactState(user_id) AS users
FROM ${db}.events
ARRAY JOIN properties.answers[] AS a
WHERE type = 'quiz.completed' AND user_id != '' AND quiz_id != ''
GROUP BY day, quiz_id, course_id, company_id, question_id, answer, correct;

INSERT INTO ${db}.rollup_quiz_answers_daily
SELECT
    toDate(timestamp) AS day,
    quiz_id,
    course_id,
    company_id,
    toString(a.question_id) AS question_id,
    multiIf(dynamicType(a.answer) = 'None', '', dynamicType(a.answer) = 'String', toString(a.answer), toJSONString(a.answer)) AS answer,
    toString(a.correct) = 'true' AS correct,
    toUInt64(count()) AS answers,
    uniqExactState(user_id) AS users
FROM ${db}.events
ARRAY JOIN properties.answers[] AS a
WHERE type = 'quiz.completed' AND user_id != '' AND quiz_id != ''
GROUP BY day, quiz_id, course_id, company_id, question_id, answer, correct;
