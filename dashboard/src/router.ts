/**
 * Hash routes (`#/courses/course-001?range=30d&tz=UTC`): the API serves one page at `/`, and
 * a reload or a shared link keeps both the page and the period.
 */
import { useCallback, useEffect, useState } from 'react';

export interface Route {
  /** Path segments after `#/`: `['courses', 'course-001']`. */
  segments: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path, search = ''] = text.split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function hrefOf(segments: string[], query: Record<string, string> | URLSearchParams): string {
  const search = new URLSearchParams(query).toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`;
}

export function useRoute(): [Route, (segments: string[], query: Record<string, string> | URLSearchParams, replace?: boolean) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((segments: string[], query: Record<string, string> | URLSearchParams, replace = false) => {
    const href = hrefOf(segments, query);
    if (replace) {
      window.history.replaceState(null, '', href);
      setRoute(parseHash(href));
    } else {
      window.location.hash = href.slice(1);
    }
  }, []);
  return [route, navigate];
}
