import { Script, createContext, runInContext } from 'node:vm';
import { graphiqlPage } from '../../src/server/graphiql.page';

/** The page's inline bootstrap script, as the browser receives it. */
function bootstrap(): string {
  const html = graphiqlPage({ nonce: 'n', endpoint: '/graphql', assets: { css: 'a.css', react: 'r.js', reactDom: 'rd.js', graphiql: 'g.js' } });
  return html.split('<script nonce="n">')[1].split('</script>')[0];
}

/** Pulls one top-level function of the bootstrap out so it can run on its own. */
function extract(script: string, name: string): string {
  const start = script.indexOf(`  function ${name}(`);
  const end = script.indexOf('\n  }\n', start);
  expect(start).toBeGreaterThan(0);
  return script.slice(start, end + 4);
}

describe('GraphiQL page script', () => {
  it('is valid JavaScript (a broken escape in the template would leave the IDE blank)', () => {
    expect(() => new Script(bootstrap())).not.toThrow();
  });

  it('sends only an operationName the document defines (the previous tab’s name is dropped or replaced)', () => {
    const script = bootstrap();
    const context = createContext({});
    runInContext(`${extract(script, 'operationNames')}\n${extract(script, 'withOwnOperationName')}\nthis.fix = withOwnOperationName;`, context);
    const fix = (context as { fix: (p: object) => Record<string, unknown> }).fix;
    const course = '# query DailyActiveUsers in a comment\nquery CourseEngagement($id: ID!) { courseEngagement(courseId: $id) { courseId } }';
    expect(fix({ query: course, operationName: 'DailyActiveUsers' })).toEqual({ query: course, operationName: 'CourseEngagement' });
    expect(fix({ query: course, operationName: 'CourseEngagement' })).toEqual({ query: course, operationName: 'CourseEngagement' });
    const two = 'query A { a } query B { b }';
    expect(fix({ query: two, operationName: 'B' })).toEqual({ query: two, operationName: 'B' });
    expect(fix({ query: two, operationName: 'C' })).toEqual({ query: two });
    expect(fix({ query: '{ serverInfo { version } }', operationName: 'DailyActiveUsers' })).toEqual({ query: '{ serverInfo { version } }' });
  });
});
