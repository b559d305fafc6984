import { useEffect, useState } from 'react';

/** Where the page is: the desk, or one article. Kept in the URL's hash so a reload returns there. */
export type Route = { view: 'desk' } | { view: 'people' } | { view: 'article'; id: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/article\/([\w-]{1,64})$/.exec(hash);
  if (match?.[1]) return { view: 'article', id: match[1] };
  return hash === '#/people' ? { view: 'people' } : { view: 'desk' };
}

export function navigate(route: Route): void {
  window.location.hash = route.view === 'article' ? `#/article/${route.id}` : route.view === 'people' ? '#/people' : '#/';
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
