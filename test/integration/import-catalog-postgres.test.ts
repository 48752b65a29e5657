import { PassThrough } from 'node:stream';
import { runImportPostgresCli } from '../../scripts/import-postgres';
import { CatalogRepository } from '../../src/clickhouse/repositories/catalog.repository';
import { importCatalog } from '../../src/import/postgres-catalog';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { createTempDatabase, postgresSkipReason, type TempPostgresDatabase } from '../helpers/postgres';

/** The course platform's curriculum tables, as its database notes describe them (the columns the import reads). */
const DDL = `
  CREATE TABLE courses (id text PRIMARY KEY, title text NOT NULL, description text NOT NULL DEFAULT '');
  CREATE TABLE modules (id text PRIMARY KEY, "courseId" text NOT NULL REFERENCES courses(id), title text NOT NULL, description text NOT NULL DEFAULT '', "order" int NOT NULL);
  CREATE TABLE topics (id text PRIMARY KEY, "moduleId" text REFERENCES modules(id), "courseId" text NOT NULL REFERENCES courses(id), title text NOT NULL, "order" int NOT NULL);
  CREATE TABLE classes (id text PRIMARY KEY, "topicId" text NOT NULL REFERENCES topics(id), title text NOT NULL, "contentType" text DEFAULT 'video',
                        duration int NOT NULL, "order" int NOT NULL);
  INSERT INTO courses VALUES ('c1', 'SQL', 'Basics');
  INSERT INTO modules VALUES ('m2', 'c1', 'Second', '', 2), ('m1', 'c1', 'First', '', 1), ('m-empty', 'c1', 'Empty', '', 3);
  INSERT INTO topics VALUES ('t1', 'm1', 'c1', 'Select', 1), ('t2', 'm2', 'c1', 'Joins', 1), ('t0', NULL, 'c1', 'Extras', 1);
  INSERT INTO classes VALUES ('k2', 't1', 'Where', 'text', 300, 2), ('k1', 't1', 'Select *', 'video', 600, 1),
                             ('k3', 't2', 'Contest', 'contest', 900, 1), ('k4', 't0', 'Bonus', 'webinar', 60, 1);
`;

let skip: string | null = null;
beforeAll(async () => {
  skip = await postgresSkipReason();
});

describe('npm run import:postgres -- --catalog (real PostgreSQL)', () => {
  let engine: TestEngine;
  let pg: TempPostgresDatabase | undefined;
  beforeAll(async () => {
    if (skip) return;
    engine = await migratedEngine('import_catalog');
    pg = await createTempDatabase('catalog');
    await pg.client.query(DDL);
  });
  afterAll(async () => {
    await pg?.drop();
    await engine?.dispose();
  });

  it('stores each course in curriculum order, and a second run stores nothing', async () => {
    if (skip) {
      console.warn(`skipped: PostgreSQL unavailable: ${skip}`);
      return;
    }
    expect(await importCatalog(pg!.url, engine.db)).toEqual([{ courseId: 'c1', outcome: 'created', version: 1, problems: [] }]);
    const course = await new CatalogRepository(engine.db).course('c1');
    expect(course).toMatchObject({ title: 'SQL', description: 'Basics', version: 1 });
    expect(course!.modules.map((m) => [m.id, m.lessons.map((l) => [l.id, l.type, l.expectedDurationSeconds, l.topicId])])).toEqual([
      [
        'm1',
        [
          ['k1', 'video', 600, 't1'],
          ['k2', 'text', 300, 't1'],
        ],
      ],
      ['m2', [['k3', 'contest', 900, 't2']]],
      ['c1-topics-without-module', [['k4', 'other', 60, 't0']]],
    ]);
    expect(await importCatalog(pg!.url, engine.db)).toEqual([{ courseId: 'c1', outcome: 'unchanged', version: 1, problems: [] }]);
    // A change on the platform is a new version.
    await pg!.client.query(`UPDATE classes SET title = 'Select columns' WHERE id = 'k1'`);
    expect(await importCatalog(pg!.url, engine.db)).toEqual([{ courseId: 'c1', outcome: 'created', version: 2, problems: [] }]);
    expect((await new CatalogRepository(engine.db).course('c1'))!.modules[0].lessons[0].title).toBe('Select columns');
  });

  it('the command line: --catalog prints each course and a summary', async () => {
    if (skip) return;
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await runImportPostgresCli(['--catalog', '--url', pg!.url], { stdout, stderr: new PassThrough(), db: engine.db })).toBe(0);
    expect(out).toBe('c1  unchanged (version 2)\n1 course(s): 0 stored, 1 unchanged, 0 refused\n');
  });
});
