import type { FunctionComponent } from 'preact';
import { DashboardPage } from './dashboard/index.tsx';

export type PageId = 'dashboard' | 'bands' | 'segments' | 'content' | 'triggers' | 'contacts';

/**
 * The pages in navigation order. The dashboard is where everyone lands, so it ships in the first download; the
 * editors are separate chunks fetched when first opened (and prefetched once the dashboard is up), which keeps
 * the first download within its budget. A page reads the session and route from signals (session.ts, router.ts).
 */
export const PAGES: { id: PageId; icon: string; load: () => Promise<FunctionComponent> }[] = [
  { id: 'dashboard', icon: '◧', load: () => Promise.resolve(DashboardPage) },
  { id: 'bands', icon: '▥', load: () => import('./bands/index.tsx').then((module) => module.BandsPage) },
  { id: 'segments', icon: '◎', load: () => import('./segments/index.tsx').then((module) => module.SegmentsPage) },
  { id: 'content', icon: '▤', load: () => import('./content/index.tsx').then((module) => module.ContentPage) },
  { id: 'triggers', icon: '⚡', load: () => import('./triggers/index.tsx').then((module) => module.TriggersPage) },
  { id: 'contacts', icon: '☺', load: () => import('./contacts/index.tsx').then((module) => module.ContactsPage) },
];
