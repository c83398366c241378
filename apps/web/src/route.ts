// A few pages need no router library: the path is the page, history.pushState moves between them, and the server
// answers any page path with index.html.
import { useEffect, useState } from 'react';

export type Page = 'access' | 'users' | 'grants' | 'destinations' | 'groups' | 'providers' | 'requests' | 'audit';

export const PAGES: { page: Page; path: string; label: string; admin: boolean }[] = [
  { page: 'access', path: '/', label: 'My access', admin: false },
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
