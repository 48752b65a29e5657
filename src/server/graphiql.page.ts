/**
 * The HTML of the in-browser GraphQL IDE (GraphiQL). Everything it loads comes from this
 * server (graphiql.routes.ts serves the npm packages' UMD builds), so it works with no internet;
 * the Content-Security-Policy sent with it (graphiqlCsp) makes that a guarantee, not a hope.
 */

export interface GraphiqlAssetUrls {
  css: string;
  react: string;
  reactDom: string;
  graphiql: string;
}

/** Placeholder shown in the headers pane; the page's fetcher never sends it as a real header. */
export const TOKEN_PLACEHOLDER = 'Bearer <token>';

/**
 * Only this server: scripts from 'self' plus the one inline bootstrap script carrying the
 * per-response nonce. Styles allow 'unsafe-inline' because GraphiQL's dialogs (react-remove-scroll)
 * insert a <style> element without a nonce; CSS cannot run script, and with every *-src limited to
 * 'self' it cannot fetch from elsewhere either. `data:` is for the fonts inlined in graphiql.min.css.
 */
export function graphiqlCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

const INTRO = `# LearnMetrics GraphQL IDE: GraphiQL served by this API,
# so it works with no internet.
#
# 1. Put your API token in the Headers pane below:
#    {"Authorization": "Bearer <your token>"}
#    (the "<token>" placeholder is never sent). The schema
#    is then fetched again: Docs and completion work.
# 2. Run with Ctrl+Enter or the run button.
#    Ctrl+Space completes fields and arguments.
# 3. Docs (top left) describes every query and metric.
#
# Example tabs: daily active users, course engagement,
# enrollment funnel. Their period is the last 30 days
# (UTC), set in the Variables pane.
`;

const DAU_QUERY = `${INTRO}
query DailyActiveUsers(
  $period: PeriodInput!
  # Only one company's learners, e.g. "company-01"
  $companyId: ID
) {
  dau(period: $period, companyId: $companyId) {
    date
    value
  }
}
`;

const COURSE_ENGAGEMENT_QUERY = `# Engagement with one course; add companyId to see one customer's learners only.
query CourseEngagement(
  $courseId: ID!
  $period: PeriodInput!
  $companyId: ID
) {
  courseEngagement(courseId: $courseId, period: $period, companyId: $companyId) {
    courseId
    enrollments
    completions
    completionRate
    cohortCompletionRate
    lessonCompletions
    activeLearners
    averageQuizScore
    quizPassRate
    learningTimeSeconds
    averageTimeSpentSeconds
    series(granularity: WEEK) {
      bucket
      enrollments
      completions
      activeLearners
    }
  }
}
`;

const FUNNEL_QUERY = `# From viewing a course to completing it, per learner, within 30 days of the first step.
query EnrollmentFunnel($period: PeriodInput!, $courseId: ID) {
  funnel(
    period: $period
    window: 2592000
    steps: [
      { eventType: "course.viewed", courseId: $courseId, name: "viewed" }
      { eventType: "course.enrolled", courseId: $courseId, name: "enrolled" }
      { eventType: "lesson.completed", courseId: $courseId, name: "first lesson" }
      { eventType: "course.completed", courseId: $courseId, name: "completed" }
    ]
    breakdownBy: PLATFORM
  ) {
    overallConversion
    steps {
      index
      name
      count
      conversionFromStart
      conversionFromPrevious
    }
    breakdown {
      value
      overallConversion
      steps {
        name
        count
      }
    }
  }
}
`;

/** What a new tab (+) starts with: runs without variables. */
const NEW_TAB_QUERY = `# Ctrl+Space completes fields; Docs (top left) lists every query.
{
  serverInfo {
    version
    engine
  }
}
`;

/** JSON that is safe inside an inline <script> (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The page script: example tabs with dates relative to today (computed in the browser, so a
 * cached page never shows stale dates), and a fetcher that POSTs to `endpoint` on this origin.
 */
/** The example tabs' queries and a new tab's (the test runs each one against the API). */
export const GRAPHIQL_EXAMPLES = { dau: DAU_QUERY, courseEngagement: COURSE_ENGAGEMENT_QUERY, funnel: FUNNEL_QUERY, newTab: NEW_TAB_QUERY };

function bootstrapScript(endpoint: string): string {
  const examples = GRAPHIQL_EXAMPLES;
  return `(function () {
  'use strict';
  var endpoint = ${scriptJson(endpoint)};
  var examples = ${scriptJson(examples)};
  var placeholder = ${scriptJson(TOKEN_PLACEHOLDER)};

  function day(offset) {
    var d = new Date();
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  }
  // The last 30 days including today: [today - 29, tomorrow), UTC.
  var period = { from: day(-29), to: day(1), timezone: 'UTC' };
  var headers = JSON.stringify({ Authorization: placeholder }, null, 2);
  function variables(v) { return JSON.stringify(v, null, 2); }

  var tabs = [
    { query: examples.dau, variables: variables({ period: period }), headers: headers },
    { query: examples.courseEngagement, variables: variables({ courseId: 'course-001', period: period }), headers: headers },
    { query: examples.funnel, variables: variables({ period: period, courseId: 'course-001' }), headers: headers }
  ];

  function fetcher(params, options) {
    var sent = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    var given = (options && options.headers) || {};
    Object.keys(given).forEach(function (name) {
      var value = String(given[name]);
      if (value.indexOf('<token>') !== -1) return; // the placeholder: not a token
      sent[name] = value;
    });
    return fetch(endpoint, { method: 'POST', headers: sent, body: JSON.stringify(params), credentials: 'same-origin' })
      .then(function (res) {
        return res.text().then(function (text) {
          var body = null;
          try { body = JSON.parse(text); } catch (e) { /* not JSON */ }
          if (body && typeof body === 'object' && ('data' in body || 'errors' in body)) return body;
          // Not a GraphQL response (e.g. 401 from the token check): show it as an error.
          var message = body && typeof body.error === 'string' ? body.error : text.slice(0, 500);
          return { errors: [{ message: 'HTTP ' + res.status + ': ' + message }] };
        });
      });
  }

  // The first schema fetch goes out without a token (the placeholder is not sent) and is refused;
  // once a real token is typed into the headers pane, fetch the schema again so Docs and
  // completion work without looking for the re-fetch button.
  var hooks = GraphiQL.React;
  function RefetchSchemaOnToken() {
    var headerEditor = hooks.useEditorContext({ nonNull: true }).headerEditor;
    var introspect = hooks.useSchemaContext({ nonNull: true }).introspect;
    React.useEffect(function () {
      if (!headerEditor) return undefined;
      var timer = null;
      var last = headerEditor.getValue();
      function onChange() {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var value = headerEditor.getValue();
          if (value === last || value.indexOf('<token>') !== -1) return;
          last = value;
          introspect();
        }, 500);
      }
      headerEditor.on('change', onChange);
      return function () {
        clearTimeout(timer);
        headerEditor.off('change', onChange);
      };
    }, [headerEditor, introspect]);
    return null;
  }

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultQuery: examples.newTab,
      defaultHeaders: headers,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
      toolbar: { additionalComponent: RefetchSchemaOnToken }
    })
  );
})();`;
}

export function graphiqlPage(options: { nonce: string; endpoint: string; assets: GraphiqlAssetUrls }): string {
  const { nonce, endpoint, assets } = options;
  const a = (url: string) => escapeAttribute(url);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>LearnMetrics GraphQL IDE</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${a(assets.css)}">
  <style>html, body, #graphiql { height: 100%; margin: 0; overflow: hidden; }</style>
</head>
<body>
  <div id="graphiql"><noscript>The GraphQL IDE needs JavaScript. Without it, POST queries to ${escapeAttribute(endpoint)}.</noscript></div>
  <script src="${a(assets.react)}"></script>
  <script src="${a(assets.reactDom)}"></script>
  <script src="${a(assets.graphiql)}"></script>
  <script nonce="${escapeAttribute(nonce)}">
${bootstrapScript(endpoint)}
  </script>
</body>
</html>
`;
}
