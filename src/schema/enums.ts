import { registerEnumType } from 'type-graphql';
import {
  COMPARE_TO,
  CONTENT_KINDS,
  COURSE_ORDERS,
  DIMENSIONS,
  FUNNEL_COUNT_BY,
  FUNNEL_MODES,
  GRANULARITIES,
  MEASURES,
  PROPERTY_OPS,
} from '../domain/vocabulary';

/**
 * Every GraphQL enum, registered once from its domain tuple (src/domain/vocabulary.ts): the
 * enum object maps each value to itself, so resolvers receive the domain's string union.
 */
function enumOf<T extends string>(values: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { readonly [K in T]: K };
}

export const GranularityEnum = enumOf(GRANULARITIES);
registerEnumType(GranularityEnum, {
  name: 'Granularity',
  description:
    'Calendar bucket size, in the period timezone. Weeks start on Monday. A bucket at an edge of the period counts only the events inside the period but keeps its calendar label and start (e.g. a WEEK bucket of a period that starts on a Wednesday is labelled with the Monday before).',
});

export const CompareToEnum = enumOf(COMPARE_TO);
registerEnumType(CompareToEnum, {
  name: 'CompareTo',
  description: 'The comparison period of a summary: the same number of days just before, or the same days one year earlier.',
});

export const DimensionEnum = enumOf(DIMENSIONS);
registerEnumType(DimensionEnum, {
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

export const MeasureEnum = enumOf(MEASURES);
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

export const FunnelModeEnum = enumOf(FUNNEL_MODES);
registerEnumType(FunnelModeEnum, {
  name: 'FunnelMode',
  description: 'How the steps of a funnel must follow each other within the conversion window.',
  valuesConfig: {
    ORDERED: { description: 'Steps in order; other events (including other step events) may come between them. ClickHouse windowFunnel default mode.' },
    STRICT_ORDER: {
      description:
        "Steps in order with no other step event between consecutive steps (events matching no step do not matter). ClickHouse windowFunnel 'strict_order': the search stops at the first step event that comes out of order (e.g. A C B for steps A B C reaches step 1, and a clean A B C after it is not looked at); repeating an already reached step (A B B C) does not break the chain.",
    },
    UNORDERED: { description: 'Steps in any order: step k is reached when one span of `window` seconds holds an event of each of steps 1..k.' },
    EACH_STEP: {
      description:
        "Every step counted on its own: step k's count is the entities with at least one event of step k in the period, whatever they did of the other steps (no order, `window` not used), so counts need not fall from step to step. The course platform's documented login funnel (COUNT(DISTINCT session_id) per step) is this mode with countBy SESSION. No windowFunnel: without breakdownBy, over whole UTC days, with steps restricted at most by a pagePrefix of one path segment (`/login`) and an EQ filter on a ui.clicked `element`, it is read from daily session and user states per event type, page root and element (exact); otherwise one scan of the step events.",
    },
  },
});

export const FunnelCountByEnum = enumOf(FUNNEL_COUNT_BY);
registerEnumType(FunnelCountByEnum, {
  name: 'FunnelCountBy',
  description: 'What converts: a learner (user_id) or one session (session_id). Events with an empty id of that kind are left out.',
});

export const CourseOrderEnum = enumOf(COURSE_ORDERS);
registerEnumType(CourseOrderEnum, {
  name: 'CourseOrder',
  description: 'Order of a `courses` list without `ids`, by the metric over the period; ties by course id.',
  valuesConfig: {
    ENROLLMENTS_DESC: { description: 'Most course.enrolled events first.' },
    COMPLETIONS_DESC: { description: 'Most course.completed events first.' },
    ACTIVE_LEARNERS_DESC: { description: 'Most active learners first.' },
    LEARNING_TIME_DESC: { description: 'Most learning time first.' },
    COURSE_ID_ASC: { description: 'By course id, ascending.' },
  },
});

export const ContentKindEnum = enumOf(CONTENT_KINDS);
registerEnumType(ContentKindEnum, {
  name: 'ContentKind',
  description: 'What a piece of content is: a course (course_id), a lesson (lesson_id) or a web page (page).',
});

export const PropertyOpEnum = enumOf(PROPERTY_OPS);
registerEnumType(PropertyOpEnum, {
  name: 'PropertyOp',
  description:
    'How a property value is compared. EQ, NEQ and CONTAINS (case-sensitive substring) compare the value as text: strings as they are, numbers and booleans as written in JSON (`4`, `2.5`, `true`), an absent property as the empty string. GT, GTE, LT and LTE compare as Float64: a JSON number, or a string that reads as a number (e.g. `"19.99"`); a value that is absent or anything else (other text, booleans, objects) never matches them.',
});
