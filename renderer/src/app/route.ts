import { useEffect, useState } from 'react';

/** Where the page is: the desk, or one article. Kept in the URL's hash so a reload returns there. */
export type Route =
  | { view: 'desk' }
  | { view: 'people' }
  | { view: 'accounts' }
  | { view: 'article'; id: string }
  | { view: 'layout'; date?: string; page?: number }
  /** The page plan (版面计划) of one edition. */
  | { view: 'plan'; date: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/article\/([\w-]{1,64})$/.exec(hash);
  if (match?.[1]) return { view: 'article', id: match[1] };
  const layout = /^#\/layout(?:\/(\d{4}-\d{2}-\d{2})(?:\/(\d{1,3}))?)?$/.exec(hash);
  if (layout) return { view: 'layout', ...(layout[1] ? { date: layout[1] } : {}), ...(layout[2] ? { page: Number(layout[2]) } : {}) };
  const plan = /^#\/plan\/(\d{4}-\d{2}-\d{2})$/.exec(hash);
  if (plan?.[1]) return { view: 'plan', date: plan[1] };
  if (hash === '#/people') return { view: 'people' };
  return hash === '#/accounts' ? { view: 'accounts' } : { view: 'desk' };
}

export function hashOf(route: Route): string {
  switch (route.view) {
    case 'article':
      return `#/article/${route.id}`;
    case 'people':
      return '#/people';
    case 'accounts':
      return '#/accounts';
    case 'layout':
      return `#/layout${route.date ? `/${route.date}${route.page ? `/${route.page}` : ''}` : ''}`;
    case 'plan':
      return `#/plan/${route.date}`;
    default:
      return '#/';
  }
}

export function navigate(route: Route): void {
  window.location.hash = hashOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
