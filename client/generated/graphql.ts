/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The comparison period of a summary: the same number of days just before, or the same days one year earlier. */
export type CompareTo =
  | 'PREVIOUS_PERIOD'
  | 'PREVIOUS_YEAR';

/** What a piece of content is: a course (course_id), a lesson (lesson_id) or a web page (page). */
export type ContentKind =
  | 'COURSE'
  | 'LESSON'
  | 'PAGE';

/** Order of a `courses` list without `ids`, by the metric over the period; ties by course id. */
export type CourseOrder =
  /** Most active learners first. */
  | 'ACTIVE_LEARNERS_DESC'
  /** Most course.completed events first. */
  | 'COMPLETIONS_DESC'
  /** By course id, ascending. */
  | 'COURSE_ID_ASC'
  /** Most course.enrolled events first. */
  | 'ENROLLMENTS_DESC'
  /** Most learning time first. */
  | 'LEARNING_TIME_DESC';

/** An event attribute a metric can be broken down by. An event without a value has the empty string. */
export type Dimension =
  /** company_id (empty for solo learners). */
  | 'COMPANY'
  /** country: ISO-3166 alpha-2. */
  | 'COUNTRY'
  /** platform: web, ios or android. */
  | 'PLATFORM'
  /** utm_campaign. */
  | 'UTM_CAMPAIGN'
  /** utm_medium. */
  | 'UTM_MEDIUM'
  /** utm_source. */
  | 'UTM_SOURCE';

/** What converts: a learner (user_id) or one session (session_id). Events with an empty id of that kind are left out. */
export type FunnelCountBy =
  | 'SESSION'
  | 'USER';

/** How the steps of a funnel must follow each other within the conversion window. */
export type FunnelMode =
  /** Every step counted on its own: step k's count is the entities with at least one event of step k in the period, whatever they did of the other steps (no order, `window` not used), so counts need not fall from step to step. The course platform's documented login funnel (COUNT(DISTINCT session_id) per step) is this mode with countBy SESSION. No windowFunnel: without breakdownBy, over whole UTC days, with steps restricted at most by a pagePrefix of one path segment (`/login`) and an EQ filter on a ui.clicked `element`, it is read from daily session and user states per event type, page root and element (exact); otherwise one scan of the step events. */
  | 'EACH_STEP'
  /** Steps in order; other events (including other step events) may come between them. ClickHouse windowFunnel default mode. */
  | 'ORDERED'
  /** Steps in order with no other step event between consecutive steps (events matching no step do not matter). ClickHouse windowFunnel 'strict_order': the search stops at the first step event that comes out of order (e.g. A C B for steps A B C reaches step 1, and a clean A B C after it is not looked at); repeating an already reached step (A B B C) does not break the chain. */
  | 'STRICT_ORDER'
  /** Steps in any order: step k is reached when one span of `window` seconds holds an event of each of steps 1..k. */
  | 'UNORDERED';

/** One funnel step: the events that count as doing it. Every given condition must hold. */
export type FunnelStepInput = {
  /** Only events of this course (course_id). */
  courseId?: string | number | null | undefined;
  /** Event type in dot.case, e.g. `course.enrolled`. */
  eventType: string;
  /** Only events of this lesson (lesson_id). */
  lessonId?: string | number | null | undefined;
  /** Label in the result; defaults to eventType. */
  name?: string | null | undefined;
  /** Only events whose `page` starts with this text (case-sensitive), e.g. `/pricing`. */
  pagePrefix?: string | null | undefined;
  /** Conditions on `properties`, all of which must hold; at most 10. */
  where?: Array<PropertyFilterInput> | null | undefined;
};

/** Calendar bucket size, in the period timezone. Weeks start on Monday. A bucket at an edge of the period counts only the events inside the period but keeps its calendar label and start (e.g. a WEEK bucket of a period that starts on a Wednesday is labelled with the Monday before). */
export type Granularity =
  | 'DAY'
  | 'HOUR'
  | 'MONTH'
  | 'WEEK'
  | 'YEAR';

/** A half-open period [from, to) of calendar days in `timezone` (any IANA name: whole-hour zones, and +05:30 / +05:45 / +09:30 ones such as Asia/Kolkata, Asia/Kathmandu and Australia/Adelaide, exactly; their days are cut at quarter hours). Default limits: 400 days, 31 at HOUR granularity. */
export type PeriodInput = {
  /** First day, included (YYYY-MM-DD). */
  from: string;
  /** IANA timezone the days are cut in; default UTC. Partner views: only the company's reporting timezone (PARTNER_REPORTING_TIMEZONES, default UTC), which is also their default. */
  timezone?: string | null | undefined;
  /** Day after the last day, excluded (YYYY-MM-DD). */
  to: string;
};

/** A condition on one value inside an event's `properties` JSON. */
export type PropertyFilterInput = {
  op?: PropertyOp;
  /** Path into properties: 1 to 5 keys of letters, digits, _ and - (not starting with a digit or -), joined by dots, e.g. `rating` or `plan.tier`. */
  property: string;
  /** The value to compare with, as a string (a decimal number for GT, GTE, LT, LTE); at most 1024 characters. */
  value: string;
};

/** How a property value is compared. EQ, NEQ and CONTAINS (case-sensitive substring) compare the value as text: strings as they are, numbers and booleans as written in JSON (`4`, `2.5`, `true`), an absent property as the empty string. GT, GTE, LT and LTE compare as Float64: a JSON number, or a string that reads as a number (e.g. `"19.99"`); a value that is absent or anything else (other text, booleans, objects) never matches them. */
export type PropertyOp =
  | 'CONTAINS'
  | 'EQ'
  | 'GT'
  | 'GTE'
  | 'LT'
  | 'LTE'
  | 'NEQ';

export type CampaignsQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  limit?: number;
}>;


export type CampaignsQuery = { campaignPerformance: Array<{ utmSource: string, utmMedium: string, utmCampaign: string, users: number | null, sessions: number | null, signups: number | null, enrollments: number | null }> };

export type CompanyLearningFiguresFragment = { companyId: string, activeLearners: number | null, coursesCompleted: number | null, learningTimeSeconds: number | null, certificatesIssued: number | null };

export type CompanySummaryQueryVariables = Exact<{
  period: PeriodInput;
  ids?: Array<string | number> | string | number | null | undefined;
}>;


export type CompanySummaryQuery = { companies: Array<{ companyId: string, activeLearners: number | null, coursesCompleted: number | null, learningTimeSeconds: number | null, certificatesIssued: number | null }> };

export type CompanySummaryDetailQueryVariables = Exact<{
  companyId: string | number;
  period: PeriodInput;
  granularity?: Granularity | null | undefined;
}>;


export type CompanySummaryDetailQuery = { companyLearningSummary: { companyId: string, activeLearners: number | null, coursesCompleted: number | null, learningTimeSeconds: number | null, certificatesIssued: number | null, series: Array<{ bucket: string, start: string, activeLearners: number | null, coursesCompleted: number | null, learningTimeSeconds: number | null, certificatesIssued: number | null }> | null } };

export type CourseEngagementTrendsQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  orderBy?: CourseOrder;
  limit?: number;
  granularity?: Granularity;
}>;


export type CourseEngagementTrendsQuery = { courses: Array<{ id: string, engagement: { courseId: string, enrollments: number | null, completions: number | null, completionRate: number | null, lessonCompletions: number | null, activeLearners: number | null, learningTimeSeconds: number | null, averageTimeSpentSeconds: number | null, averageQuizScore: number | null, quizPassRate: number | null, series: Array<{ bucket: string, activeLearners: number | null, enrollments: number | null }> } }> };

export type CourseEngagementFiguresFragment = { courseId: string, enrollments: number | null, completions: number | null, completionRate: number | null, lessonCompletions: number | null, activeLearners: number | null, learningTimeSeconds: number | null, averageTimeSpentSeconds: number | null, averageQuizScore: number | null, quizPassRate: number | null };

export type CourseEngagementQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  orderBy?: CourseOrder;
  limit?: number;
}>;


export type CourseEngagementQuery = { courses: Array<{ id: string, engagement: { courseId: string, enrollments: number | null, completions: number | null, completionRate: number | null, lessonCompletions: number | null, activeLearners: number | null, learningTimeSeconds: number | null, averageTimeSpentSeconds: number | null, averageQuizScore: number | null, quizPassRate: number | null } }> };

export type CourseEngagementDetailQueryVariables = Exact<{
  courseId: string | number;
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  granularity?: Granularity;
}>;


export type CourseEngagementDetailQuery = { courseEngagement: { cohortCompletionRate: number | null, courseId: string, enrollments: number | null, completions: number | null, completionRate: number | null, lessonCompletions: number | null, activeLearners: number | null, learningTimeSeconds: number | null, averageTimeSpentSeconds: number | null, averageQuizScore: number | null, quizPassRate: number | null, series: Array<{ bucket: string, start: string, enrollments: number | null, completions: number | null, lessonCompletions: number | null, activeLearners: number | null, learningTimeSeconds: number | null }> } };

export type CourseProgressQueryVariables = Exact<{
  courseId: string | number;
  period: PeriodInput;
  companyId?: string | number | null | undefined;
}>;


export type CourseProgressQuery = { courseProgress: { courseId: string, title: string | null, lessons: Array<{ lessonId: string, title: string | null, position: number, started: number | null, completed: number | null, dropOffFromPrevious: number | null }> } };

export type CourseQuizItemsQueryVariables = Exact<{
  courseId: string | number;
  period: PeriodInput;
  companyId?: string | number | null | undefined;
}>;


export type CourseQuizItemsQuery = { quizItems: Array<{ quizId: string, attempts: number | null, learners: number | null, firstAttemptPassRate: number | null, averageScore: number | null }> };

export type ActiveUsersFiguresFragment = { dailyAverage: number | null, weekly: number | null, monthly: number | null, stickiness: number | null };

export type DailyActiveUsersQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  platform?: string | null | undefined;
  compareTo?: CompareTo | null | undefined;
}>;


export type DailyActiveUsersQuery = { dau: Array<{ date: string, value: number | null }>, activeUsersSummary: { dailyAverage: number | null, weekly: number | null, monthly: number | null, stickiness: number | null, comparison: { dailyAverage: number | null, weekly: number | null, monthly: number | null, stickiness: number | null } | null } };

export type EventCountsQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  eventTypes?: Array<string> | string | null | undefined;
  granularity?: Granularity;
}>;


export type EventCountsQuery = { eventCounts: Array<{ bucket: string, start: string, eventType: string, count: number | null }> };

export type FunnelStepFiguresFragment = { index: number, name: string, eventType: string, count: number | null, conversionFromStart: number | null, conversionFromPrevious: number | null };

export type FunnelQueryVariables = Exact<{
  period: PeriodInput;
  steps: Array<FunnelStepInput> | FunnelStepInput;
  companyId?: string | number | null | undefined;
  window?: number;
  mode?: FunnelMode;
  countBy?: FunnelCountBy;
  breakdownBy?: Dimension | null | undefined;
}>;


export type FunnelQuery = { funnel: { overallConversion: number | null, steps: Array<{ index: number, name: string, eventType: string, count: number | null, conversionFromStart: number | null, conversionFromPrevious: number | null }>, breakdown: Array<{ value: string, overallConversion: number | null, steps: Array<{ index: number, name: string, eventType: string, count: number | null, conversionFromStart: number | null, conversionFromPrevious: number | null }> }> | null } };

export type RetentionQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  granularity?: Granularity;
  periods?: number;
  cohortEventType?: string;
  returnEventType?: string | null | undefined;
}>;


export type RetentionQuery = { retention: Array<{ cohortStart: string, size: number | null, retained: Array<number | null>, rates: Array<number | null> }> };

export type RevenueQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  currency?: string | null | undefined;
  granularity?: Granularity;
}>;


export type RevenueQuery = { revenue: { subscriptionsActivated: number | null, subscriptionsCancelled: number | null, totals: Array<{ currency: string, amount: string | null, payments: number | null, failedPayments: number | null }>, series: Array<{ bucket: string, start: string, currency: string, amount: string | null, payments: number | null }> } };

export type ServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerInfoQuery = { serverInfo: { version: string, engine: string, clickhouseVersion: string, database: string } };

export type ContentFiguresFragment = { kind: ContentKind, id: string, views: number | null, uniqueViewers: number | null, completions: number | null, averageTimeSeconds: number | null, averageScore: number | null };

export type TopContentQueryVariables = Exact<{
  period: PeriodInput;
  companyId?: string | number | null | undefined;
  limit?: number;
}>;


export type TopContentQuery = { courses: Array<{ kind: ContentKind, id: string, views: number | null, uniqueViewers: number | null, completions: number | null, averageTimeSeconds: number | null, averageScore: number | null }>, pages: Array<{ kind: ContentKind, id: string, views: number | null, uniqueViewers: number | null, completions: number | null, averageTimeSeconds: number | null, averageScore: number | null }> };

export const CompanyLearningFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CompanyLearningFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CompanyLearningSummary"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"coursesCompleted"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"certificatesIssued"}}]}}]} as unknown as DocumentNode<CompanyLearningFiguresFragment, unknown>;
export const CourseEngagementFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CourseEngagementFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CourseEngagement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseId"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"}},{"kind":"Field","name":{"kind":"Name","value":"lessonCompletions"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageTimeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuizScore"}},{"kind":"Field","name":{"kind":"Name","value":"quizPassRate"}}]}}]} as unknown as DocumentNode<CourseEngagementFiguresFragment, unknown>;
export const ActiveUsersFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActiveUsersFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActiveUsersSummary"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dailyAverage"}},{"kind":"Field","name":{"kind":"Name","value":"weekly"}},{"kind":"Field","name":{"kind":"Name","value":"monthly"}},{"kind":"Field","name":{"kind":"Name","value":"stickiness"}}]}}]} as unknown as DocumentNode<ActiveUsersFiguresFragment, unknown>;
export const FunnelStepFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunnelStepFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunnelStep"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"conversionFromStart"}},{"kind":"Field","name":{"kind":"Name","value":"conversionFromPrevious"}}]}}]} as unknown as DocumentNode<FunnelStepFiguresFragment, unknown>;
export const ContentFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContentFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContentStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"uniqueViewers"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"averageTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageScore"}}]}}]} as unknown as DocumentNode<ContentFiguresFragment, unknown>;
export const CampaignsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Campaigns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaignPerformance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"utmSource"}},{"kind":"Field","name":{"kind":"Name","value":"utmMedium"}},{"kind":"Field","name":{"kind":"Name","value":"utmCampaign"}},{"kind":"Field","name":{"kind":"Name","value":"users"}},{"kind":"Field","name":{"kind":"Name","value":"sessions"}},{"kind":"Field","name":{"kind":"Name","value":"signups"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}}]}}]}}]} as unknown as DocumentNode<CampaignsQuery, CampaignsQueryVariables>;
export const CompanySummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompanySummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CompanyLearningFigures"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CompanyLearningFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CompanyLearningSummary"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"coursesCompleted"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"certificatesIssued"}}]}}]} as unknown as DocumentNode<CompanySummaryQuery, CompanySummaryQueryVariables>;
export const CompanySummaryDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompanySummaryDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Granularity"}},"defaultValue":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companyLearningSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CompanyLearningFigures"}},{"kind":"Field","name":{"kind":"Name","value":"series"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"coursesCompleted"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"certificatesIssued"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CompanyLearningFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CompanyLearningSummary"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"coursesCompleted"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"certificatesIssued"}}]}}]} as unknown as DocumentNode<CompanySummaryDetailQuery, CompanySummaryDetailQueryVariables>;
export const CourseEngagementTrendsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CourseEngagementTrends"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CourseOrder"}}},"defaultValue":{"kind":"EnumValue","value":"ENROLLMENTS_DESC"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Granularity"}}},"defaultValue":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"engagement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CourseEngagementFigures"}},{"kind":"Field","name":{"kind":"Name","value":"series"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CourseEngagementFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CourseEngagement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseId"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"}},{"kind":"Field","name":{"kind":"Name","value":"lessonCompletions"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageTimeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuizScore"}},{"kind":"Field","name":{"kind":"Name","value":"quizPassRate"}}]}}]} as unknown as DocumentNode<CourseEngagementTrendsQuery, CourseEngagementTrendsQueryVariables>;
export const CourseEngagementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CourseEngagement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CourseOrder"}}},"defaultValue":{"kind":"EnumValue","value":"ENROLLMENTS_DESC"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"engagement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CourseEngagementFigures"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CourseEngagementFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CourseEngagement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseId"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"}},{"kind":"Field","name":{"kind":"Name","value":"lessonCompletions"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageTimeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuizScore"}},{"kind":"Field","name":{"kind":"Name","value":"quizPassRate"}}]}}]} as unknown as DocumentNode<CourseEngagementQuery, CourseEngagementQueryVariables>;
export const CourseEngagementDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CourseEngagementDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"courseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Granularity"}}},"defaultValue":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseEngagement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"courseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"courseId"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CourseEngagementFigures"}},{"kind":"Field","name":{"kind":"Name","value":"cohortCompletionRate"}},{"kind":"Field","name":{"kind":"Name","value":"series"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"lessonCompletions"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CourseEngagementFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CourseEngagement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseId"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"}},{"kind":"Field","name":{"kind":"Name","value":"lessonCompletions"}},{"kind":"Field","name":{"kind":"Name","value":"activeLearners"}},{"kind":"Field","name":{"kind":"Name","value":"learningTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageTimeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageQuizScore"}},{"kind":"Field","name":{"kind":"Name","value":"quizPassRate"}}]}}]} as unknown as DocumentNode<CourseEngagementDetailQuery, CourseEngagementDetailQueryVariables>;
export const CourseProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CourseProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"courseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"courseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"courseId"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courseId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"lessons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lessonId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"started"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"dropOffFromPrevious"}}]}}]}}]}}]} as unknown as DocumentNode<CourseProgressQuery, CourseProgressQueryVariables>;
export const CourseQuizItemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CourseQuizItems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"courseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quizItems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"courseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"courseId"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quizId"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"learners"}},{"kind":"Field","name":{"kind":"Name","value":"firstAttemptPassRate"}},{"kind":"Field","name":{"kind":"Name","value":"averageScore"}}]}}]}}]} as unknown as DocumentNode<CourseQuizItemsQuery, CourseQuizItemsQueryVariables>;
export const DailyActiveUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DailyActiveUsers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"platform"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"compareTo"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CompareTo"}},"defaultValue":{"kind":"EnumValue","value":"PREVIOUS_PERIOD"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dau"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"platform"},"value":{"kind":"Variable","name":{"kind":"Name","value":"platform"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeUsersSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"compareTo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"compareTo"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActiveUsersFigures"}},{"kind":"Field","name":{"kind":"Name","value":"comparison"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActiveUsersFigures"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActiveUsersFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActiveUsersSummary"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dailyAverage"}},{"kind":"Field","name":{"kind":"Name","value":"weekly"}},{"kind":"Field","name":{"kind":"Name","value":"monthly"}},{"kind":"Field","name":{"kind":"Name","value":"stickiness"}}]}}]} as unknown as DocumentNode<DailyActiveUsersQuery, DailyActiveUsersQueryVariables>;
export const EventCountsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EventCounts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventTypes"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Granularity"}}},"defaultValue":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventCounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"eventTypes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventTypes"}}},{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]} as unknown as DocumentNode<EventCountsQuery, EventCountsQueryVariables>;
export const FunnelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Funnel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"steps"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FunnelStepInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"604800"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FunnelMode"}}},"defaultValue":{"kind":"EnumValue","value":"ORDERED"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"countBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FunnelCountBy"}}},"defaultValue":{"kind":"EnumValue","value":"USER"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"breakdownBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Dimension"}},"defaultValue":{"kind":"EnumValue","value":"PLATFORM"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"funnel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"steps"},"value":{"kind":"Variable","name":{"kind":"Name","value":"steps"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}},{"kind":"Argument","name":{"kind":"Name","value":"mode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mode"}}},{"kind":"Argument","name":{"kind":"Name","value":"countBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"countBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"breakdownBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"breakdownBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunnelStepFigures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"overallConversion"}},{"kind":"Field","name":{"kind":"Name","value":"breakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"overallConversion"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunnelStepFigures"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunnelStepFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunnelStep"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"conversionFromStart"}},{"kind":"Field","name":{"kind":"Name","value":"conversionFromPrevious"}}]}}]} as unknown as DocumentNode<FunnelQuery, FunnelQueryVariables>;
export const RetentionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Retention"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Granularity"}}},"defaultValue":{"kind":"EnumValue","value":"WEEK"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"periods"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"4"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cohortEventType"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"user.registered","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"returnEventType"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retention"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}},{"kind":"Argument","name":{"kind":"Name","value":"periods"},"value":{"kind":"Variable","name":{"kind":"Name","value":"periods"}}},{"kind":"Argument","name":{"kind":"Name","value":"cohortEventType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cohortEventType"}}},{"kind":"Argument","name":{"kind":"Name","value":"returnEventType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"returnEventType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cohortStart"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"retained"}},{"kind":"Field","name":{"kind":"Name","value":"rates"}}]}}]}}]} as unknown as DocumentNode<RetentionQuery, RetentionQueryVariables>;
export const RevenueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Revenue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currency"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Granularity"}}},"defaultValue":{"kind":"EnumValue","value":"DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revenue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"currency"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currency"}}},{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"payments"}},{"kind":"Field","name":{"kind":"Name","value":"failedPayments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"series"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"payments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subscriptionsActivated"}},{"kind":"Field","name":{"kind":"Name","value":"subscriptionsCancelled"}}]}}]}}]} as unknown as DocumentNode<RevenueQuery, RevenueQueryVariables>;
export const ServerInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServerInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serverInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"engine"}},{"kind":"Field","name":{"kind":"Name","value":"clickhouseVersion"}},{"kind":"Field","name":{"kind":"Name","value":"database"}}]}}]}}]} as unknown as DocumentNode<ServerInfoQuery, ServerInfoQueryVariables>;
export const TopContentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TopContent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"courses"},"name":{"kind":"Name","value":"topContent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"COURSE"}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContentFigures"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"pages"},"name":{"kind":"Name","value":"topContent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"PAGE"}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContentFigures"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContentFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContentStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"uniqueViewers"}},{"kind":"Field","name":{"kind":"Name","value":"completions"}},{"kind":"Field","name":{"kind":"Name","value":"averageTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"averageScore"}}]}}]} as unknown as DocumentNode<TopContentQuery, TopContentQueryVariables>;