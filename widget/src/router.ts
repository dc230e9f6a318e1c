import { signal } from '@preact/signals';

export interface Route {
  page: string;
  /** the rest of the path, e.g. a contact's id for `contacts/c-123` */
  param?: string;
}

export const DEFAULT_PAGE = 'dashboard';
export const route = signal<Route>({ page: DEFAULT_PAGE });
let useHash = false;

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const param = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  return { page: page || DEFAULT_PAGE, ...(param ? { param } : {}) };
}

export const routeHref = (target: Route) => `#/${target.page}${target.param ? `/${encodeURIComponent(target.param)}` : ''}`;

export function navigate(target: Route): void {
  route.value = target;
  if (useHash && typeof location !== 'undefined') {
    const href = routeHref(target);
    if (location.hash !== href) history.pushState(null, '', href);
  }
}

/** On the edge's own /admin page the route lives in the URL's hash; embedded in a back office it stays inside. */
export function startHashRouting(): void {
  useHash = true;
  route.value = parseRoute(location.hash);
  addEventListener('popstate', () => (route.value = parseRoute(location.hash)));
  addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));
}
