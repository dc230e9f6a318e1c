import type { FunctionComponent } from 'preact';
import { BandsPage } from './bands/index.tsx';
import { ContactsPage } from './contacts/index.tsx';
import { ContentPage } from './content/index.tsx';
import { DashboardPage } from './dashboard/index.tsx';
import { SegmentsPage } from './segments/index.tsx';
import { TriggersPage } from './triggers/index.tsx';

export type PageId = 'dashboard' | 'bands' | 'segments' | 'content' | 'triggers' | 'contacts';

/** The pages in navigation order. A page reads the session and route from signals (session.ts, router.ts). */
export const PAGES: { id: PageId; Page: FunctionComponent; icon: string }[] = [
  { id: 'dashboard', Page: DashboardPage, icon: '◧' },
  { id: 'bands', Page: BandsPage, icon: '▥' },
  { id: 'segments', Page: SegmentsPage, icon: '◎' },
  { id: 'content', Page: ContentPage, icon: '▤' },
  { id: 'triggers', Page: TriggersPage, icon: '⚡' },
  { id: 'contacts', Page: ContactsPage, icon: '☺' },
];
