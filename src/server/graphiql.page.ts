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

/**
 * sessionStorage key of the API token: one token for every tab, kept across reloads of this
 * browser tab (and shared with the dashboard at `/`, which uses the same key), gone when the
 * browser tab closes.
 */
export const TOKEN_STORAGE_KEY = 'learnmetrics.token';

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
# 1. Paste your API token in the Token field above and
#    press "Use token". Every tab sends it; it is kept
#    until this browser tab is closed (reloads keep it).
#    Docs and completion load once it is set.
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
  var tokenKey = ${scriptJson(TOKEN_STORAGE_KEY)};

  function day(offset) {
    var d = new Date();
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  }
  // The last 30 days including today: [today - 29, tomorrow), UTC.
  var period = { from: day(-29), to: day(1), timezone: 'UTC' };
  function variables(v) { return JSON.stringify(v, null, 2); }

  var tabs = [
    { query: examples.dau, variables: variables({ period: period }) },
    { query: examples.courseEngagement, variables: variables({ courseId: 'course-001', period: period }) },
    { query: examples.funnel, variables: variables({ period: period, courseId: 'course-001' }) }
  ];

  // One token for every tab, from the Token field (sessionStorage: survives reloads, not the tab).
  function readToken() {
    try { return sessionStorage.getItem(tokenKey) || ''; } catch (e) { return ''; }
  }
  function writeToken(token) {
    try {
      if (token) sessionStorage.setItem(tokenKey, token); else sessionStorage.removeItem(tokenKey);
    } catch (e) { /* storage disabled: kept for this page only */ }
    memoryToken = token;
  }
  var memoryToken = readToken();

  var tokenInput = document.getElementById('token');
  var tokenStatus = document.getElementById('token-status');
  function showStatus() {
    tokenStatus.textContent = memoryToken ? 'Token set: sent with every tab.' : 'No token: requests are refused (401).';
    tokenStatus.setAttribute('data-token-set', memoryToken ? 'true' : 'false');
  }
  tokenInput.value = memoryToken;
  showStatus();
  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    writeToken(tokenInput.value.trim().replace(/^Bearer\\s+/i, ''));
    tokenInput.value = memoryToken;
    showStatus();
    window.dispatchEvent(new Event('learnmetrics-token'));
  });
  document.getElementById('token-forget').addEventListener('click', function () {
    writeToken('');
    tokenInput.value = '';
    showStatus();
  });

  // Right after a tab switch GraphiQL can still send the previous tab's operationName with the
  // new tab's query (its operation name is updated from the editor a moment later), and the API
  // then answers "Unknown operation named ...". Only send a name the document defines; with one
  // operation in the document, its own name.
  function operationNames(query) {
    var names = [];
    var re = /(?:^|[\\s}])(?:query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)/g;
    var text = String(query || '').replace(/#[^\\n\\r]*/g, '');
    var m;
    while ((m = re.exec(text))) names.push(m[1]);
    return names;
  }
  function withOwnOperationName(params) {
    if (!params || !params.operationName) return params;
    var names = operationNames(params.query);
    if (names.indexOf(params.operationName) >= 0) return params;
    var copy = Object.assign({}, params);
    if (names.length === 1) copy.operationName = names[0]; else delete copy.operationName;
    return copy;
  }

  function fetcher(params, options) {
    params = withOwnOperationName(params);
    var sent = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (memoryToken) sent.authorization = 'Bearer ' + memoryToken;
    // Headers typed into a tab's Headers pane are added (an Authorization there wins).
    var given = (options && options.headers) || {};
    Object.keys(given).forEach(function (name) {
      if (name.toLowerCase() === 'authorization') delete sent.authorization;
      sent[name] = String(given[name]);
    });
    return fetch(endpoint, { method: 'POST', headers: sent, body: JSON.stringify(params), credentials: 'same-origin' })
      .then(function (res) {
        return res.text().then(function (text) {
          var body = null;
          try { body = JSON.parse(text); } catch (e) { /* not JSON */ }
          if (body && typeof body === 'object' && ('data' in body || 'errors' in body)) return body;
          // Not a GraphQL response (e.g. 401 from the token check): show it as an error.
          var message = body && typeof body.error === 'string' ? body.error : text.slice(0, 500);
          if (res.status === 401) message += ' (paste a token in the Token field above)';
          return { errors: [{ message: 'HTTP ' + res.status + ': ' + message }] };
        });
      });
  }

  var hooks = GraphiQL.React;

  // Without a token the first schema fetch is refused; once one is set, fetch the schema again
  // so Docs and completion work without looking for the re-fetch button.
  function RefetchSchemaOnToken() {
    var introspect = hooks.useSchemaContext({ nonNull: true }).introspect;
    React.useEffect(function () {
      window.addEventListener('learnmetrics-token', introspect);
      return function () { window.removeEventListener('learnmetrics-token', introspect); };
    }, [introspect]);
    return null;
  }

  // GraphiQL 3 fills the Variables editor on first load from its 'variables' prop or its own
  // storage, not from the active tab (graphql/graphiql#3392): the first example tab showed an
  // empty Variables pane and failed with "Variable $period ... was not provided" until another
  // tab was opened. So the active tab's query and variables are passed as the initial 'query'
  // and 'variables': the example tab on a fresh profile, the stored active tab after a reload
  // (GraphiQL keeps its tabs under 'graphiql:tabState'; with the same query and variables it
  // reopens that tab instead of adding one). The browser test covers both.
  function activeTab() {
    try {
      var state = JSON.parse(localStorage.getItem('graphiql:tabState') || 'null');
      var tab = state && Array.isArray(state.tabs) ? state.tabs[state.activeTabIndex] : null;
      if (tab && typeof tab.query === 'string') return { query: tab.query, variables: typeof tab.variables === 'string' ? tab.variables : '' };
    } catch (e) { /* no or unreadable stored tabs: the examples */ }
    return tabs[0];
  }
  var active = activeTab();

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      query: active.query,
      variables: active.variables,
      defaultQuery: examples.newTab,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'variables',
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
  <style>
    html, body { height: 100%; margin: 0; overflow: hidden; }
    body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #token-form { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 6px 12px; border-bottom: 1px solid #d6d6d6; font-size: 14px; }
    #token { flex: 1 1 240px; max-width: 560px; font: 13px ui-monospace, monospace; padding: 4px 6px; }
    #token-status { color: #555; font-size: 13px; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <form id="token-form" autocomplete="off">
    <label for="token">Token</label>
    <input id="token" name="token" type="password" placeholder="paste an API token (npm run token -- --role admin)" spellcheck="false">
    <button type="submit">Use token</button>
    <button type="button" id="token-forget">Forget</button>
    <span id="token-status" role="status"></span>
  </form>
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
