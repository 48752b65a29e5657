import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { SessionContext, type Session } from './auth/session-context';
import { SignIn } from './auth/SignIn';
import { readClaims, storedToken, storeToken, type Role } from './auth/token';
import { AcquisitionPage } from './pages/AcquisitionPage';
import { CompaniesPage } from './pages/CompaniesPage';
import { CoursePage } from './pages/CoursePage';
import { CoursesPage } from './pages/CoursesPage';
import { FunnelBuilderPage } from './pages/FunnelBuilderPage';
import { OverviewPage } from './pages/OverviewPage';
import { RetentionPage } from './pages/RetentionPage';
import { RevenuePage } from './pages/RevenuePage';
import { periodInput, selectionFromQuery, selectionToQuery, type PeriodSelection } from './period/period';
import { PeriodContext, type PeriodState } from './period/period-context';
import { PeriodPicker } from './period/PeriodPicker';
import { hrefOf, useRoute } from './router';

interface Page {
  id: string;
  label: string;
  /** Roles the page is in the navigation for. */
  roles: readonly Role[];
  /** A partner's label, when it differs. */
  partnerLabel?: string;
}

const STAFF: readonly Role[] = ['admin', 'analyst'];
const READERS: readonly Role[] = ['admin', 'analyst', 'partner'];

/**
 * The navigation. Partner tokens see their own company's learning; platform-wide marketing and
 * billing pages are for staff. (Only layout: the server scopes every partner request itself.)
 */
export const PAGES: Page[] = [
  { id: 'overview', label: 'Overview', roles: READERS },
  { id: 'courses', label: 'Courses', roles: READERS },
  { id: 'companies', label: 'Companies', roles: READERS, partnerLabel: 'My company' },
  { id: 'acquisition', label: 'Acquisition', roles: STAFF },
  { id: 'revenue', label: 'Revenue', roles: STAFF },
  { id: 'retention', label: 'Retention', roles: READERS },
  { id: 'funnels', label: 'Funnels', roles: READERS },
];

function pageContent(segments: string[]): ReactNode {
  const [page = 'overview', id] = segments;
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'courses':
      return id ? <CoursePage key={id} courseId={id} /> : <CoursesPage />;
    case 'companies':
      return <CompaniesPage key={id ?? ''} companyId={id ?? null} />;
    case 'acquisition':
      return <AcquisitionPage />;
    case 'revenue':
      return <RevenuePage />;
    case 'retention':
      return <RetentionPage />;
    case 'funnels':
      return <FunnelBuilderPage />;
    default:
      return <p className="empty-state">No page "{page}". Pick one from the navigation.</p>;
  }
}

export function App() {
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [reason, setReason] = useState<string | null>(null);
  const [route, navigate] = useRoute();

  const signOut = useCallback((why?: string) => {
    storeToken(null);
    setToken(null);
    setReason(why ?? null);
  }, []);

  const session = useMemo<Session | null>(() => {
    const claims = token ? readClaims(token) : null;
    if (!token || !claims) return null;
    return { token, claims, partner: claims.role === 'partner', signOut };
  }, [token, signOut]);

  const search = route.query.toString();
  // The page as one string, so the memo below changes with the page, not with each new array.
  const pagePath = route.segments.join('/');
  const periodState = useMemo<PeriodState>(() => {
    const selection = selectionFromQuery(new URLSearchParams(search));
    return {
      selection,
      period: periodInput(selection),
      query: selectionToQuery(selection),
      setSelection: (next: PeriodSelection) => navigate(pagePath === '' ? [] : pagePath.split('/'), selectionToQuery(next)),
    };
  }, [search, pagePath, navigate]);

  if (!session) {
    return (
      <SignIn
        reason={reason}
        onSignedIn={(t) => {
          storeToken(t);
          setToken(t);
          setReason(null);
        }}
      />
    );
  }

  const role = session.claims.role ?? 'admin';
  const current = route.segments[0] ?? 'overview';
  const pages = PAGES.filter((p) => p.roles.includes(role));
  const page = PAGES.find((p) => p.id === current);
  const allowed = !page || page.roles.includes(role);

  return (
    <SessionContext.Provider value={session}>
      <PeriodContext.Provider value={periodState}>
        <div className="layout" data-role={role}>
          <header className="topbar">
            <a className="brand" href={hrefOf(['overview'], periodState.query)}>
              LearnMetrics
            </a>
            <PeriodPicker />
            <div className="who">
              <span className="role-badge" data-role={role}>
                {session.partner ? `Partner · ${session.claims.companyId ?? '?'}` : role}
              </span>
              {!session.partner && (
                <a href="/graphql" className="ide-link">
                  GraphQL IDE
                </a>
              )}
              <button type="button" onClick={() => signOut()}>
                Sign out
              </button>
            </div>
          </header>
          <nav className="sidenav" aria-label="Pages">
            <ul>
              {pages.map((p) => (
                <li key={p.id}>
                  <a href={hrefOf([p.id], periodState.query)} aria-current={p.id === current ? 'page' : undefined}>
                    {session.partner && p.partnerLabel ? p.partnerLabel : p.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main className="content" data-page={current}>
            <h1 className="page-title">{page ? (session.partner && page.partnerLabel ? page.partnerLabel : page.label) : 'LearnMetrics'}</h1>
            {allowed ? pageContent(route.segments) : <p className="empty-state">This page is for admin and analyst tokens.</p>}
          </main>
        </div>
      </PeriodContext.Provider>
    </SessionContext.Provider>
  );
}
