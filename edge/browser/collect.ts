import type { SqlDriver } from '../../db/driver.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { toMinorUnits } from '../purchases/money.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import type { collectSchema } from './schema.ts';
import type * as z from 'zod/mini';

type CollectRequest = z.infer<typeof collectSchema>;

/** Events stamped in the future by a wrong device clock are taken as now; a little skew is normal. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface Counter {
  day: number;
  eventKey: string;
  count: number;
  value: number;
}

function categoryOf(props: Record<string, unknown> | undefined): string | null {
  const category = props?.category;
  if (typeof category !== 'string') return null;
  const normalised = category.trim().toLowerCase().slice(0, 40);
  return normalised === '' ? null : normalised;
}

/** Minor units of what an add_to_cart put in the cart: price × quantity, when the event says. */
function cartValueOf(props: Record<string, unknown> | undefined, currency: string): number {
  const price = props?.price;
  if (typeof price !== 'number' && typeof price !== 'string') return 0;
  const minor = toMinorUnits(price, currency);
  if (!minor.ok || minor.minor < 0) return 0;
  const quantity = typeof props?.quantity === 'number' && Number.isInteger(props.quantity) && props.quantity > 0 ? props.quantity : 1;
  return minor.minor * quantity;
}

/**
 * Stores the events and folds them into the visitor's behaviour counters (per day and event key, with a
 * `type:category=…` key when the event names a category), all in one transaction.
 */
export async function collectEvents(driver: SqlDriver, workspace: Workspace, request: CollectRequest, now: number): Promise<number> {
  const counters = new Map<string, Counter>();
  const rows: unknown[][] = [];
  for (const event of request.events) {
    const stamped = event.at === undefined ? now : Date.parse(event.at);
    const at = stamped > now + FUTURE_TOLERANCE_MS ? now : stamped;
    const day = localDayNumber(at, workspace.timeZone);
    rows.push([event.type, at, event.props ? JSON.stringify(event.props) : null]);
    const value = event.type === 'add_to_cart' ? cartValueOf(event.props, workspace.currency) : 0;
    const category = categoryOf(event.props);
    for (const eventKey of category ? [event.type, `${event.type}:category=${category}`] : [event.type]) {
      const id = `${day}\u0000${eventKey}`;
      const counter = counters.get(id) ?? { day, eventKey, count: 0, value: 0 };
      counter.count += 1;
      counter.value += value;
      counters.set(id, counter);
    }
  }
  await driver.batch([
    {
      sql: `INSERT INTO visitors (workspace_id, visitor_id, last_seen_at) VALUES (?, ?, ?)
            ON CONFLICT (workspace_id, visitor_id) DO UPDATE SET last_seen_at = max(coalesce(last_seen_at, 0), excluded.last_seen_at)`,
      args: [workspace.id, request.visitorId, now],
    },
    {
      sql: `INSERT INTO events (workspace_id, visitor_id, type, at, props)
            SELECT ?, ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
      args: [workspace.id, request.visitorId, JSON.stringify(rows)],
    },
    {
      sql: `INSERT INTO behaviour_counts (workspace_id, visitor_id, day, event_key, count, value)
            SELECT ?, ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
            ON CONFLICT (workspace_id, visitor_id, day, event_key) DO UPDATE SET count = count + excluded.count, value = value + excluded.value`,
      args: [workspace.id, request.visitorId, JSON.stringify([...counters.values()].map((counter) => [counter.day, counter.eventKey, counter.count, counter.value]))],
    },
  ]);
  return request.events.length;
}
