// A few pages need no router library: the path is the page, history.pushState moves between them, and the server
// answers any page path with index.html.
import { useEffect, useState } from 'react';

export type Page =
  'access' | 'keys' | 'users' | 'grants' | 'destinations' | 'groups' | 'providers' | 'requests' | 'audit';

export const PAGES: { page: Page; path: string; label: string; admin: boolean }[] = [
  { page: 'access', path: '/', label: 'My access', admin: false },
  { page: 'keys', path: '/keys', label: 'Access keys', admin: false },
  { page: 'users', path: '/users', label: 'Users', admin: true },
  { page: 'grants', path: '/grants', label: 'Grants', admin: true },
  { page: 'destinations', path: '/destinations', label: 'Destinations', admin: true },
  { page: 'groups', path: '/groups', label: 'Groups', admin: true },
  { page: 'requests', path: '/requests', label: 'Access requests', admin: false },
  { page: 'providers', path: '/providers', label: 'Identity providers', admin: true },
  { page: 'audit', path: '/audit', label: 'Audit log', admin: true },
];

function pageOf(path: string): Page {
  return PAGES.find((p) => p.path === path)?.page ?? 'access';
}

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePage(): Page {
  const [page, setPage] = useState(() => pageOf(window.location.pathname));
  useEffect(() => {
    const update = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return page;
}

/** The device approval page (`infra login --no-browser`): a page of its own, outside the navigation, for phones. */
export const DEVICE_PATH = '/device';

const RETURN_KEY = 'infra.returnTo';

/** Remembers this page across a sign-in through a provider, which leaves the app and comes back to `/`. */
export function rememberPage(): void {
  window.sessionStorage.setItem(RETURN_KEY, window.location.pathname + window.location.search);
}

/** Once signed in: back to the page remembered before the sign-in, if any. */
export function returnToRememberedPage(): void {
  const back = window.sessionStorage.getItem(RETURN_KEY);
  window.sessionStorage.removeItem(RETURN_KEY);
  if (back?.startsWith('/') && !back.startsWith('//')) window.history.replaceState(null, '', back);
}
