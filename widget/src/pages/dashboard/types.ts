import type { Rule } from '../../../../edge/engine/rules/index.ts';
import type { Dimension, HeatCell, Pair } from './model.ts';

/** GET /v1/admin/dashboard (edge/dashboard/routes.ts). Money in minor units of `currency`. */
export interface DashboardData extends DashboardExtras {
  asOf: string;
  currency: string;
  windowDays: number | null;
  totals: Totals;
  bands: Record<Dimension, BandRow[]>;
  heatmaps: Record<Pair, HeatCell[][]>;
  named: NamedRow[];
}

export interface Totals {
  contacts: number;
  revenue: number;
  transactions: number;
}

export interface BandRow {
  key: string;
  label: string;
  threshold: number | null;
  contacts: number;
  share: number;
  revenue: number;
  transactions: number;
  averageOrderValue: number;
  /** orders per contact of the band, in the look-back window */
  transactionsPerContact?: number;
  /** spend and orders of the band's contacts inside the chosen time frame (from–to) */
  frameRevenue?: number;
  frameTransactions?: number;
}

export interface NamedRow {
  key: string;
  label: string;
  contacts: number;
  revenue: number;
}

/** The heatmap cell the marketer opened. */
export interface CellSelection {
  pair: Pair;
  row: number;
  column: number;
  name: string;
  contacts: number;
}

/** GET /v1/admin/dashboard/cell: the contacts of one heatmap cell and the rule that selects them. */
export interface CellContacts {
  count: number;
  rule: Rule;
  contacts: CellContact[];
  /** the cursor of the next page; null on the last */
  nextCursor?: string | null;
}

export interface CellContact {
  customerId: string;
  email: string | null;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
}

/**
 * Optional sections the edge adds with asOf/from/to/compareDays (edge/dashboard/routes.ts). The page renders each
 * only when it is present, so it works against an edge that does not send them yet.
 */
export interface DashboardExtras {
  period?: { asOf: string; from: string; to: string; compareDays: number; compareTo: string; historical: boolean; frameIsWindow: boolean };
  movement?: Movement;
  recency?: RecencyAnalytics;
}

/** Per dimension how many contacts moved to a better or worse band since the comparison day; per named segment who entered and left. */
export interface Movement {
  r?: MovedCount;
  f?: MovedCount;
  m?: MovedCount;
  named?: Record<string, { entered: number; left: number }>;
  /** contacts without RFM state on the comparison day (first-time buyers since) */
  newContacts?: number;
}
export interface MovedCount {
  up: number;
  down: number;
}

export interface ProductRow {
  sku: string;
  name?: string | null;
  revenue: number;
  quantity?: number;
  orders?: number;
}

/** Revenue in a bucket of time: `key` is 'YYYY-MM' for months, 0 (Monday) … 6 for weekdays, 0 … 23 for hours. */
export interface PeakBucket {
  key: string | number;
  revenue: number;
  orders?: number;
}

export interface RecencySpan {
  from?: string;
  to?: string;
  revenue: number;
  orders?: number;
  products: ProductRow[];
}

export interface RecencyAnalytics {
  recent: RecencySpan;
  earlier: RecencySpan;
  revenueDifference?: number;
  peaks?: { month?: PeakBucket[]; weekday?: PeakBucket[]; hour?: PeakBucket[] };
}
