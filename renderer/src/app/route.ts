import { useEffect, useState } from 'react';

/** Where the page is: the desk, or one article. Kept in the URL's hash so a reload returns there. */
export type Route = { view: 'desk' } | { view: 'article'; id: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/article\/([\w-]{1,64})$/.exec(hash);
  return match?.[1] ? { view: 'article', id: match[1] } : { view: 'desk' };
}

export function navigate(route: Route): void {
  window.location.hash = route.view === 'article' ? `#/article/${route.id}` : '#/';
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
