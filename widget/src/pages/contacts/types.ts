import type { ConditionOutcome } from '../../../../edge/engine/rules/index.ts';

/** The RFM part of a contact, as the edge's rfmView answers it (edge/rfm/read.ts). */
export interface ContactRfm {
  asOf: string;
  currency: string;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  scores: { r: number; f: number; m: number };
  bands: { r: string; f: string; m: string };
  named: string | null;
}

/** One row of GET /v1/admin/contacts?query=&limit= */
export interface ContactHit {
  customerId: string;
  email: string | null;
  rfm?: Partial<ContactRfm> | null;
}

export interface BandHistoryEntry {
  /** the workspace-local day the state was computed for, YYYY-MM-DD */
  day: string;
  /** band keys; band indexes (0 = first band) are understood too */
  bands: { r: string | number; f: string | number; m: string | number };
  named: string | null;
  frequency: number;
  monetary: number;
}

export interface ContactPurchase {
  orderId: string;
  amount: number;
  purchasedAt: string;
  status: string;
  items?: { sku?: string; name?: string; quantity?: number; price?: number }[] | null;
}

export interface ContactEvent {
  type: string;
  at: string;
  props?: Record<string, unknown> | null;
}

export interface ContactDelivery {
  id: string;
  triggerId: string;
  status: string;
  attempts: number;
  createdAt: string;
  deliveredAt?: string | null;
  segmentKey?: string | null;
  change?: string | null;
  lastError?: string | null;
}

/** GET /v1/admin/contacts/:customerId — the 360° view */
export interface Contact360 {
  customerId: string;
  email: string | null;
  attributes: Record<string, unknown>;
  rfm: ContactRfm;
  bandHistory: BandHistoryEntry[];
  segments: { key: string; name: string; why: ConditionOutcome[] }[];
  purchases: ContactPurchase[];
  events: ContactEvent[];
  deliveries: ContactDelivery[];
}
