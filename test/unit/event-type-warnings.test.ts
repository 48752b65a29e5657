import { parse, type StringValueNode, visit } from 'graphql';
import { unknownEventTypeWarnings, typesToLookUp } from '../../src/domain/event-type-warnings';
import { argumentPathOf } from '../../src/graphql/scalar-errors.plugin';
import { CatalogueTypoNotes } from '../../src/ingest/type-typos';

describe('unknown event type warnings', () => {
  test('only types outside the catalogue need a look-up', () => {
    expect(
      typesToLookUp([
        { argument: 'a', eventType: 'course.viewed' },
        { argument: 'b', eventType: 'x.y' },
        { argument: 'c', eventType: 'x.y' },
      ]),
    ).toEqual(['x.y']);
  });

  test('a type neither in the catalogue nor seen gets a warning with the closest catalogue or seen name', () => {
    const warnings = unknownEventTypeWarnings(
      [
        { argument: 'steps[0].eventType', eventType: 'course.viewd' },
        { argument: 'steps[1].eventType', eventType: 'webinar.joind' },
        { argument: 'steps[2].eventType', eventType: 'webinar.joined' },
        { argument: 'steps[3].eventType', eventType: 'zzz.qqq' },
        { argument: 'steps[4].eventType', eventType: 'ui.clicked' },
      ],
      ['webinar.joined', 'course.viewed'],
    );
    expect(warnings.map((w) => [w.argument, w.didYouMean])).toEqual([
      ['steps[0].eventType', 'course.viewed'],
      ['steps[1].eventType', 'webinar.joined'],
      ['steps[3].eventType', null],
    ]);
    expect(warnings[2].message).toBe(
      'steps[3].eventType: no "zzz.qqq" events are stored and it is not a catalogue type, so its figures are zero; the eventTypes query lists the known types',
    );
  });
});

describe('ingest: custom types near a catalogue type', () => {
  test('one warning per near-catalogue type, with its lines; far custom types and catalogue types pass quietly', () => {
    const notes = new CatalogueTypoNotes();
    notes.add(1, 'lesson.complted');
    notes.add(2, 'lesson.completed');
    notes.add(3, 'webinar.joined');
    notes.add(4, 'lesson.complted');
    notes.add(5, 'quiz.compelted'); // a transposition: two edits
    expect(notes.warnings()).toEqual([
      '2 event(s) of type "lesson.complted" (line 1, 4) were stored as a custom type: did you mean the catalogue type "lesson.completed"? Catalogue metrics do not count "lesson.complted"; INGEST_STRICT=1 rejects types outside the catalogue.',
      '1 event(s) of type "quiz.compelted" (line 5) were stored as a custom type: did you mean the catalogue type "quiz.completed"? Catalogue metrics do not count "quiz.compelted"; INGEST_STRICT=1 rejects types outside the catalogue.',
    ]);
  });
});

describe('argumentPathOf (scalar errors name the argument)', () => {
  const stringNode = (doc: ReturnType<typeof parse>, value: string): StringValueNode => {
    let found: StringValueNode | undefined;
    visit(doc, { StringValue: (n) => void (n.value === value ? (found = n) : undefined) });
    return found!;
  };

  test('object fields, list items and aliases', () => {
    const doc = parse(
      '{ a: funnel(period: { from: "X" }, steps: [{ eventType: "e" }, { eventType: "Y" }]) { overallConversion } dau(period: { to: "Z" }) { date } }',
    );
    expect(argumentPathOf(doc, stringNode(doc, 'X'))).toEqual({ field: 'a', argument: 'period.from' });
    expect(argumentPathOf(doc, stringNode(doc, 'Y'))).toEqual({ field: 'a', argument: 'steps[1].eventType' });
    expect(argumentPathOf(doc, stringNode(doc, 'Z'))).toEqual({ field: 'dau', argument: 'period.to' });
  });

  test('a nested field is named by its response path', () => {
    const doc = parse('{ course(id: "c") { engagement(period: { from: "Q" }) { enrollments } } }');
    expect(argumentPathOf(doc, stringNode(doc, 'Q'))).toEqual({ field: 'course.engagement', argument: 'period.from' });
  });
});
