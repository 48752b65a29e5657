import { validateStatement } from '../../src/xapi/validate-statement';
import { duplicateKeys, parseStatements } from '../../src/xapi/parse-statements';
import { authoringAnswer, authoringResult, edxEnrollment, edxNavigated, edxProblemCheck, edxVideo } from '../helpers/xapi-statements';

const base = () => ({
  actor: { mbox: 'mailto:ada@example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: 'http://example.org/lesson/1' },
});

/** The fields the validator names for a statement (empty: valid). */
const fields = (statement: unknown) => validateStatement(statement).map((e) => e.field);

describe('xAPI 1.0.3 statement validation (ADL LRS conformance requirements)', () => {
  it('accepts statements as Open edX and authoring tools send them', () => {
    for (const s of [
      base(),
      edxEnrollment('u1'),
      edxProblemCheck('u1', 'b1', 1),
      edxVideo('u1', 'played', 12.5),
      edxVideo('u1', 'completed', 200),
      edxNavigated('u1'),
      authoringAnswer('a@example.org', 'q1', 'red', true),
      authoringResult('a@example.org', true, 0.8),
    ]) {
      expect(validateStatement(s)).toEqual([]);
    }
  });

  it('XAPI-00003..5: actor, verb and object are required', () => {
    const { actor: _a, ...noActor } = base();
    const { verb: _v, ...noVerb } = base();
    const { object: _o, ...noObject } = base();
    expect(fields(noActor)).toEqual(['actor']);
    expect(fields(noVerb)).toEqual(['verb']);
    expect(fields(noObject)).toEqual(['object']);
  });

  it('XAPI-00001: null and empty objects are refused except in extensions', () => {
    expect(fields({ ...base(), context: null })).toEqual(['context']);
    expect(fields({ ...base(), result: {} })).toEqual(['result']);
    expect(fields({ ...base(), context: { contextActivities: {} } })).toEqual(['context.contextActivities']);
    expect(fields({ ...base(), result: { extensions: { 'http://x.org/e': null } } })).toEqual([]);
    expect(fields({ ...base(), result: { extensions: {} } })).toEqual([]);
  });

  it('XAPI-00006: wrong data types, also strings holding numbers or booleans', () => {
    expect(fields({ ...base(), result: { success: 'true' } })).toEqual(['result.success']);
    expect(fields({ ...base(), result: { score: { scaled: '0.5' } } })).toEqual(['result.score.scaled']);
    expect(fields({ ...base(), result: { response: 42 } })).toEqual(['result.response']);
  });

  it('XAPI-00007 / 00027: malformed UUIDs, IRIs and mailto addresses, the empty string included', () => {
    expect(fields({ ...base(), id: 'not-a-uuid' })).toEqual(['id']);
    expect(fields({ ...base(), id: 123 })).toEqual(['id']);
    expect(fields({ ...base(), id: '0f8fad5b-d9cb-469f-a165-70867728950e0' })).toEqual(['id']);
    expect(fields({ ...base(), id: '0f8fad5b-d9cb-469f-a165-70867728950g' })).toEqual(['id']);
    expect(fields({ ...base(), verb: { id: 'completed' } })).toEqual(['verb.id']);
    expect(fields({ ...base(), verb: { id: '' } })).toEqual(['verb.id']);
    expect(fields({ ...base(), actor: { mbox: 'ada@example.org' } })).toEqual(['actor.mbox']);
    expect(fields({ ...base(), actor: { account: { homePage: 'http://lms', name: 7 } } })).toEqual(['actor.account.name']);
  });

  it('XAPI-00008 / 00010: keys are case-sensitive and closed', () => {
    const [e] = validateStatement({ ...base(), Actor: base().actor });
    expect(e).toMatchObject({ field: 'Actor', message: expect.stringContaining('write "actor"') });
    expect(fields({ ...base(), verb: { id: 'http://v.org/v', Display: { en: 'x' } } })).toEqual(['verb.Display']);
    expect(fields({ ...base(), hello: 1 })).toEqual(['hello']);
  });

  it('XAPI-00009 / 00049: enumerated values match exactly', () => {
    expect(fields({ ...base(), object: { id: 'http://q', definition: { interactionType: 'choiCe' } } })).toEqual(['object.definition.interactionType']);
    expect(fields({ ...base(), actor: { objectType: 'agent', mbox: 'mailto:a@b.org' } })).toEqual(['actor.objectType']);
    expect(fields({ ...base(), object: { objectType: 'activity', id: 'http://q' } })).toEqual(['object.objectType']);
  });

  it('XAPI-00013: language map keys are RFC 5646 tags', () => {
    for (const tag of ['de', 'de-DE', 'zh-Hant', 'sr-Latn-RS', 'cmn', 'ase', 'es-419']) {
      expect(fields({ ...base(), verb: { id: 'http://v.org/v', display: { [tag]: 'x' } } })).toEqual([]);
    }
    for (const tag of ['xx_yy', 'zh-z-aaa-z-bbb-c-ccc', 'a', 'en-']) {
      expect(fields({ ...base(), verb: { id: 'http://v.org/v', display: { [tag]: 'x' } } })).toHaveLength(1);
    }
    expect(fields({ ...base(), context: { language: 'not a tag' } })).toEqual(['context.language']);
  });

  it('XAPI-00034 / 00037: an Agent has exactly one identifier; an anonymous Group has members', () => {
    expect(fields({ ...base(), actor: { mbox: 'mailto:a@b.org', openid: 'http://id.org/a' } })).toEqual(['actor']);
    expect(fields({ ...base(), actor: { name: 'Ada' } })).toEqual(['actor']);
    expect(fields({ ...base(), actor: { objectType: 'Group' } })).toEqual(['actor']);
    expect(fields({ ...base(), actor: { objectType: 'Group', member: [{ mbox: 'mailto:a@b.org' }] } })).toEqual([]);
    expect(fields({ ...base(), actor: { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:a@b.org' }] } })).toEqual([
      'actor.member[0].objectType',
    ]);
    expect(fields({ ...base(), actor: { account: { name: 'x' } } })).toEqual(['actor.account.homePage']);
  });

  it('XAPI-00064, 00058: correctResponsesPattern needs interactionType; component ids are unique', () => {
    expect(fields({ ...base(), object: { id: 'http://q', definition: { correctResponsesPattern: ['a'] } } })).toEqual(['object.definition.interactionType']);
    const choices = [{ id: 'a' }, { id: 'a' }];
    expect(fields({ ...base(), object: { id: 'http://q', definition: { interactionType: 'choice', choices } } })).toEqual(['object.definition.choices[1].id']);
  });

  it('XAPI-00065..73: agents as objects need objectType; SubStatements and StatementRefs follow their rules', () => {
    expect(fields({ ...base(), object: { mbox: 'mailto:a@b.org' } })).toEqual(['object.mbox', 'object.id']);
    expect(fields({ ...base(), object: { objectType: 'Agent', mbox: 'mailto:a@b.org' } })).toEqual([]);
    expect(fields({ ...base(), object: { objectType: 'StatementRef', id: 'nope' } })).toEqual(['object.id']);
    const sub = { objectType: 'SubStatement', ...base() };
    expect(fields({ ...base(), object: sub })).toEqual([]);
    expect(fields({ ...base(), object: { ...sub, id: '0f8fad5b-d9cb-469f-a165-70867728950e' } })).toEqual(['object.id']);
    expect(fields({ ...base(), object: { ...sub, version: '1.0.0' } })).toEqual(['object.version']);
    expect(fields({ ...base(), object: { ...sub, object: sub } })).toEqual(['object.object.objectType']);
  });

  it('XAPI-00077..83: result durations and scores', () => {
    expect(fields({ ...base(), result: { duration: 'PT1H30M12.5S' } })).toEqual([]);
    expect(fields({ ...base(), result: { duration: '00:01:00' } })).toEqual(['result.duration']);
    expect(fields({ ...base(), result: { duration: 'P' } })).toEqual(['result.duration']);
    expect(fields({ ...base(), result: { score: { scaled: 1.5 } } })).toEqual(['result.score.scaled']);
    expect(fields({ ...base(), result: { score: { raw: 11, min: 0, max: 10 } } })).toEqual(['result.score.raw']);
    expect(fields({ ...base(), result: { score: { min: 5, max: 5 } } })).toEqual(['result.score.min']);
  });

  it('XAPI-00084..95: context rules', () => {
    expect(fields({ ...base(), context: { registration: 'x' } })).toEqual(['context.registration']);
    expect(fields({ ...base(), object: { objectType: 'Agent', mbox: 'mailto:a@b.org' }, context: { platform: 'Open edX' } })).toEqual(['context.platform']);
    expect(fields({ ...base(), context: { contextActivities: { parents: [{ id: 'http://c' }] } } })).toEqual(['context.contextActivities.parents']);
    expect(fields({ ...base(), context: { contextActivities: { parent: { id: 'http://c' } } } })).toEqual([]);
    expect(fields({ ...base(), context: { contextActivities: { parent: [{ id: 'c' }] } } })).toEqual(['context.contextActivities.parent[0].id']);
  });

  it('XAPI-00101, 00118, 00123: version, extension keys, timestamps', () => {
    expect(fields({ ...base(), version: '1.0.3' })).toEqual([]);
    expect(fields({ ...base(), version: '2.0.0' })).toEqual(['version']);
    expect(fields({ ...base(), context: { extensions: { eventVersion: 1 } } })).toEqual(['context.extensions.eventVersion']);
    expect(fields({ ...base(), timestamp: '2026-03-02T10:15:00.123456+00:00' })).toEqual([]);
    expect(fields({ ...base(), timestamp: '20260302T101500Z' })).toEqual([]);
    expect(fields({ ...base(), timestamp: '2026-02-30T10:15:00Z' })).toEqual(['timestamp']);
    expect(fields({ ...base(), timestamp: '2026-03-02T10:15:00-00:00' })).toEqual(['timestamp']);
    expect(fields({ ...base(), timestamp: 'yesterday' })).toEqual(['timestamp']);
  });

  it('XAPI-00017: a voiding statement targets a StatementRef', () => {
    expect(fields({ ...base(), verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } })).toEqual(['object.objectType']);
  });

  it('XAPI-00021: finds keys that occur twice in one object, per statement', () => {
    const text =
      '[{"actor":{"mbox":"mailto:a@b.org"},"verb":{"id":"http://v"},"object":{"id":"http://o"}},{"actor":{"mbox":"mailto:a@b.org","mbox":"mailto:c@b.org"},"verb":{"id":"http://v","id":"http://w"},"object":{"id":"http://o","definition":{"name":{"en":"a\\"b","en":"c"}}}}]';
    expect([...duplicateKeys(text, false)]).toEqual([[1, ['actor.mbox', 'verb.id', 'object.definition.name.en']]]);
    expect([...duplicateKeys('{"id":"x","actor":{},"id":"y"}', true)]).toEqual([[0, ['id']]]);
    expect(parseStatements(Buffer.from('[]'))).toEqual({ fatal: expect.stringContaining('empty') });
    expect(parseStatements(Buffer.from('{"a":'))).toEqual({ fatal: expect.stringContaining('not valid JSON') });
  });
});
