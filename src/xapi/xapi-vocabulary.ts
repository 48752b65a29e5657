/**
 * The xAPI vocabulary the mapping understands: activity types (what an activity is in the
 * course structure) and verbs (what happened). IRIs are those of the ADL vocabulary, cmi5, the
 * xAPI Video Profile and what Open edX's event-routing-backends and authoring tools
 * (Articulate Storyline/Rise, Adobe Captivate, iSpring, H5P) send.
 */

/** Where an activity sits in the course structure. */
export type ActivityKind = 'course' | 'module' | 'lesson' | 'assessment' | 'question' | 'video' | 'other';

const KIND_BY_TYPE: Readonly<Record<string, ActivityKind>> = {
  'http://adlnet.gov/expapi/activities/course': 'course',
  'https://w3id.org/xapi/cmi5/activitytype/course': 'course',
  'http://adlnet.gov/expapi/activities/module': 'module',
  'https://w3id.org/xapi/cmi5/activitytype/block': 'module',
  'http://adlnet.gov/expapi/activities/lesson': 'lesson',
  'http://adlnet.gov/expapi/activities/media': 'lesson',
  'http://id.tincanapi.com/activitytype/resource': 'lesson',
  'http://adlnet.gov/expapi/activities/assessment': 'assessment',
  'http://id.tincanapi.com/activitytype/school-assignment': 'assessment',
  'http://adlnet.gov/expapi/activities/question': 'question',
  'http://adlnet.gov/expapi/activities/cmi.interaction': 'question',
  'http://adlnet.gov/expapi/activities/interaction': 'question',
  'https://w3id.org/xapi/video/activity-type/video': 'video',
};

/** The xAPI Video Profile's category activity: a statement with it in contextActivities.category is about a video. */
export const VIDEO_PROFILE_CATEGORY = 'https://w3id.org/xapi/video';

export function kindOfType(type: unknown): ActivityKind | undefined {
  return typeof type === 'string' ? KIND_BY_TYPE[type] : undefined;
}

/** What a verb says happened, independent of the activity it happened to. */
export type VerbMeaning = 'registered' | 'launched' | 'progressed' | 'completed' | 'passed' | 'failed' | 'scored' | 'answered' | 'experienced' | 'video';

const MEANING_BY_VERB: Readonly<Record<string, VerbMeaning>> = {
  'http://adlnet.gov/expapi/verbs/registered': 'registered',
  'http://adlnet.gov/expapi/verbs/launched': 'launched',
  'http://adlnet.gov/expapi/verbs/initialized': 'launched',
  'http://adlnet.gov/expapi/verbs/attempted': 'launched',
  'http://adlnet.gov/expapi/verbs/progressed': 'progressed',
  'http://adlnet.gov/expapi/verbs/completed': 'completed',
  'http://adlnet.gov/expapi/verbs/passed': 'passed',
  'http://adlnet.gov/expapi/verbs/failed': 'failed',
  'http://adlnet.gov/expapi/verbs/scored': 'scored',
  'https://w3id.org/xapi/acrossx/verbs/evaluated': 'scored',
  'http://adlnet.gov/expapi/verbs/answered': 'answered',
  'http://adlnet.gov/expapi/verbs/experienced': 'experienced',
  'http://activitystrea.ms/schema/1.0/watch': 'experienced',
  'http://id.tincanapi.com/verb/viewed': 'experienced',
  'https://w3id.org/xapi/video/verbs/played': 'video',
  'https://w3id.org/xapi/video/verbs/paused': 'video',
  'https://w3id.org/xapi/video/verbs/seeked': 'video',
  'http://adlnet.gov/expapi/verbs/terminated': 'video',
};

export function meaningOfVerb(iri: string): VerbMeaning | undefined {
  return MEANING_BY_VERB[iri];
}

/** Result and context extensions of the xAPI Video Profile and cmi5. */
export const EXTENSIONS = {
  videoTime: 'https://w3id.org/xapi/video/extensions/time',
  videoLength: 'https://w3id.org/xapi/video/extensions/length',
  videoProgress: 'https://w3id.org/xapi/video/extensions/progress',
  cmi5Progress: 'https://w3id.org/xapi/cmi5/result/extensions/progress',
  /** LearnMetrics' own context extension naming the learner's company (an id of the event model). */
  company: 'https://learnmetrics.dev/xapi/extensions/company_id',
} as const;
