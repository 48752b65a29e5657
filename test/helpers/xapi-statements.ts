/**
 * xAPI statements shaped as real producers emit them: Open edX's event-routing-backends (course
 * enrollment, problem submission, video play/complete, course grade, navigation), an authoring
 * tool's quiz (Articulate Storyline / Adobe Captivate style: answered questions under an
 * assessment, then passed/failed with a scaled score) and cmi5 launch/progress. Values are this
 * project's own; the shapes (keys, verbs, activity types, extensions) follow those producers.
 */
import { randomUUID } from 'node:crypto';

export const LMS = 'https://lms.example.org';
export const COURSE_IRI = `${LMS}/course/course-v1:LearnX+Nurse101+2026_T1`;
const ERB_VERSION = 'https://github.com/openedx/event-routing-backends/blob/master/docs/xapi-extensions/eventVersion.rst';

export type Statement = Record<string, unknown>;

const edxActor = (user: string) => ({ objectType: 'Agent', account: { homePage: LMS, name: user } });
const courseParent = {
  contextActivities: {
    parent: [{ id: COURSE_IRI, objectType: 'Activity', definition: { name: { 'en-US': 'Nursing 101' }, type: 'http://adlnet.gov/expapi/activities/course' } }],
  },
};

export function edxEnrollment(user: string, timestamp = '2026-03-02T09:00:00.123456+00:00'): Statement {
  return {
    id: randomUUID(),
    actor: edxActor(user),
    verb: { id: 'http://adlnet.gov/expapi/verbs/registered', display: { en: 'registered' } },
    object: { id: COURSE_IRI, objectType: 'Activity', definition: { name: { en: 'Nursing 101' }, type: 'http://adlnet.gov/expapi/activities/course' } },
    context: { registration: '5b9a1c2e-3f4d-4e5f-8a6b-7c8d9e0f1a2b', extensions: { [ERB_VERSION]: '1.0' } },
    timestamp,
    version: '1.0.3',
  };
}

export function edxProblemCheck(user: string, block: string, scaled: number, timestamp = '2026-03-02T10:00:00.000000+00:00'): Statement {
  return {
    id: randomUUID(),
    actor: edxActor(user),
    context: { ...courseParent, extensions: { [ERB_VERSION]: '1.0' } },
    object: {
      definition: {
        extensions: { 'http://id.tincanapi.com/extension/attempt-id': 1 },
        description: { 'en-US': 'Which vein is used for a central line?' },
        interactionType: 'choice',
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      },
      id: `${LMS}/xblock/block-v1:LearnX+Nurse101+2026_T1+type@problem+block@${block}`,
      objectType: 'Activity',
    },
    result: { response: "['subclavian']", score: { max: 1, min: 0, raw: scaled, scaled }, success: scaled === 1 },
    timestamp,
    verb: { display: { en: 'evaluated' }, id: 'https://w3id.org/xapi/acrossx/verbs/evaluated' },
    version: '1.0.3',
  };
}

export function edxVideo(
  user: string,
  verb: 'played' | 'paused' | 'completed',
  time: number,
  length = 200,
  timestamp = '2026-03-02T11:00:00.000000+00:00',
): Statement {
  return {
    id: randomUUID(),
    actor: edxActor(user),
    context: { ...courseParent, extensions: { [ERB_VERSION]: '1.0', 'https://w3id.org/xapi/video/extensions/length': length } },
    object: {
      definition: { type: 'https://w3id.org/xapi/video/activity-type/video', name: { en: 'Inserting a cannula' } },
      id: `${LMS}/xblock/block-v1:LearnX+Nurse101+2026_T1+type@video+block@v1`,
      objectType: 'Activity',
    },
    result: {
      extensions: { 'https://w3id.org/xapi/video/extensions/time': time },
      ...(verb === 'completed' ? { completion: true, duration: 'PT3M20S' } : {}),
    },
    timestamp,
    verb:
      verb === 'completed'
        ? { display: { en: 'completed' }, id: 'http://adlnet.gov/expapi/verbs/completed' }
        : { display: { en: verb }, id: `https://w3id.org/xapi/video/verbs/${verb}` },
    version: '1.0.3',
  };
}

export function edxNavigated(user: string): Statement {
  return {
    id: randomUUID(),
    actor: edxActor(user),
    context: courseParent,
    object: {
      definition: { type: 'http://id.tincanapi.com/activitytype/resource' },
      id: `${LMS}/xblock/block-v1:LearnX+Nurse101+2026_T1+type@sequential+block@s1`,
      objectType: 'Activity',
    },
    timestamp: '2026-03-02T12:00:00.000Z',
    verb: { display: { en: 'navigated' }, id: 'https://w3id.org/xapi/dod-isd/verbs/navigated' },
    version: '1.0.3',
  };
}

const QUIZ_IRI = 'https://content.example.org/storyline/triage-quiz';

/** An authoring tool's quiz: the learner (by mbox) answers a question and passes or fails the assessment. */
export function authoringAnswer(email: string, question: string, response: string, correct: boolean): Statement {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: 'Ada Learner', mbox: `mailto:${email}` },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
    object: {
      id: `${QUIZ_IRI}/${question}`,
      objectType: 'Activity',
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'choice',
        correctResponsesPattern: ['red'],
        choices: [
          { id: 'red', description: { 'en-US': 'Red' } },
          { id: 'yellow', description: { 'en-US': 'Yellow' } },
        ],
      },
    },
    result: { success: correct, response, duration: 'PT12.5S' },
    context: {
      contextActivities: { parent: [{ id: QUIZ_IRI, objectType: 'Activity', definition: { type: 'http://adlnet.gov/expapi/activities/assessment' } }] },
    },
    timestamp: '2026-03-03T08:00:00Z',
  };
}

export function authoringResult(email: string, passed: boolean, scaled: number): Statement {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: 'Ada Learner', mbox: `mailto:${email}` },
    verb: { id: `http://adlnet.gov/expapi/verbs/${passed ? 'passed' : 'failed'}`, display: { 'en-US': passed ? 'passed' : 'failed' } },
    object: { id: QUIZ_IRI, objectType: 'Activity', definition: { type: 'http://adlnet.gov/expapi/activities/assessment', name: { 'en-US': 'Triage quiz' } } },
    result: { score: { scaled, raw: scaled * 10, min: 0, max: 10 }, success: passed, completion: true, duration: 'PT4M' },
    context: { contextActivities: { grouping: [{ id: COURSE_IRI, definition: { type: 'http://adlnet.gov/expapi/activities/course' } }] } },
    timestamp: '2026-03-03T08:05:00Z',
  };
}
