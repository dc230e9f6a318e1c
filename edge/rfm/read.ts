import type { SqlDriver } from '../../db/driver.ts';
import { aggregatePurchases, rfmState, type RfmAggregate, type RfmState } from '../engine/rfm/index.ts';
import { isoDateFromDayNumber } from '../engine/time/index.ts';
import type { Workspace } from '../workspaces/workspace.ts';

export interface RfmView {
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

export const EMPTY_AGGREGATE: RfmAggregate = { firstPurchaseAt: null, lastPurchaseAt: null, lastPurchaseDay: null, frequency: 0, monetary: 0 };

export function aggregateFromStateRow(row: Record<string, unknown> | undefined): RfmAggregate {
  if (!row || row.frequency == null) return EMPTY_AGGREGATE;
  return {
    firstPurchaseAt: row.first_purchase_at == null ? null : Number(row.first_purchase_at),
    lastPurchaseAt: row.last_purchase_at == null ? null : Number(row.last_purchase_at),
    lastPurchaseDay: row.last_purchase_day == null ? null : Number(row.last_purchase_day),
    frequency: Number(row.frequency),
    monetary: Number(row.monetary),
  };
}

/** As of a past day the stored state does not apply: aggregate the contact's purchases up to that day. */
export async function aggregateAsOf(driver: SqlDriver, workspace: Workspace, contactId: number, asOfDay: number): Promise<RfmAggregate> {
  const { rows } = await driver.execute({
    sql: `SELECT purchased_at, day, amount, status FROM purchases WHERE contact_id = ? AND day <= ?`,
    args: [contactId, asOfDay],
  });
  return aggregatePurchases(
    rows.map((row) => ({ purchasedAt: Number(row.purchased_at), day: Number(row.day), amount: Number(row.amount), status: String(row.status) })),
    asOfDay,
    workspace.settings.rfm.windowDays,
  );
}

export function stateFor(aggregate: RfmAggregate, asOfDay: number, workspace: Workspace): RfmState {
  return rfmState(aggregate, asOfDay, workspace.thresholds, workspace.settings.rfm);
}

export function rfmView(state: RfmState, asOfDay: number, workspace: Workspace): RfmView {
  return {
    asOf: isoDateFromDayNumber(asOfDay),
    currency: workspace.currency,
    recencyDays: state.recencyDays,
    frequency: state.frequency,
    monetary: state.monetary,
    firstPurchaseAt: state.firstPurchaseAt == null ? null : new Date(state.firstPurchaseAt).toISOString(),
    lastPurchaseAt: state.lastPurchaseAt == null ? null : new Date(state.lastPurchaseAt).toISOString(),
    scores: { r: state.scores.r, f: state.scores.f, m: state.scores.m },
    bands: { r: state.bandKeys.r, f: state.bandKeys.f, m: state.bandKeys.m },
    named: state.named,
  };
}
