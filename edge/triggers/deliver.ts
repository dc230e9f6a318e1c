import type { SqlDriver } from '../../db/driver.ts';
import { signatureHeader } from './signing.ts';
import { renderTemplate } from './template.ts';

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3_600_000;
/** A claimed delivery is not picked up by another worker for this long (a crashed attempt is retried after it). */
const CLAIM_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** 30 s, 1 min, 2 min, … capped at 6 h: attempt n (1-based) failed, the next waits this long. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export interface DeliveryData {
  segmentKey: string;
  change: 'enter' | 'leave';
  at: number;
  contact: unknown;
}

interface DueDelivery {
  id: string;
  attempts: number;
  payload: string;
  kind: string;
  triggerId: string;
  triggerName: string;
  url: string;
  template: string | null;
  signingSecret: string;
  segmentName: string | null;
}

/** The body a trigger sends: the standard envelope, or the marketer's template rendered over it. */
export function webhookBody(delivery: Pick<DueDelivery, 'id' | 'kind' | 'payload' | 'triggerId' | 'triggerName' | 'template' | 'segmentName'>): string {
  const data = JSON.parse(delivery.payload) as DeliveryData & { members?: unknown[] };
  const envelope = {
    id: delivery.id,
    event: delivery.kind === 'bulk' ? 'segment.members' : delivery.kind === 'test' ? 'trigger.test' : data.change === 'enter' ? 'segment.entered' : 'segment.left',
    at: new Date(data.at).toISOString(),
    segment: { key: data.segmentKey, name: delivery.segmentName ?? data.segmentKey },
    trigger: { id: delivery.triggerId, name: delivery.triggerName },
    ...(data.members ? { members: data.members } : { contact: data.contact }),
  };
  if (!delivery.template || data.members) return JSON.stringify(envelope);
  return JSON.stringify(renderTemplate(JSON.parse(delivery.template), envelope));
}

export interface AttemptOutcome {
  deliveryId: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  status: 'delivered' | 'pending' | 'dead';
}

async function attempt(driver: SqlDriver, delivery: DueDelivery, now: number, fetcher: typeof fetch): Promise<AttemptOutcome> {
  const body = webhookBody(delivery);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetcher(delivery.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'rfm-edge-webhooks/1',
        'x-rfm-delivery': delivery.id,
        'x-rfm-signature': await signatureHeader(delivery.signingSecret, body, Math.floor(now / 1000)),
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      redirect: 'manual',
    });
    statusCode = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (failure) {
    error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  }
  const attempts = delivery.attempts + 1;
  const ok = error === null;
  const status = ok ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'dead' : 'pending';
  await driver.batch([
    {
      sql: 'INSERT INTO delivery_attempts (delivery_id, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)',
      args: [delivery.id, now, statusCode, error, Date.now() - started],
    },
    {
      sql: `UPDATE deliveries SET attempts = ?, status = ?, last_error = ?, delivered_at = ?, next_attempt_at = ? WHERE id = ?`,
      args: [attempts, status, error, ok ? now : null, ok ? now : now + retryDelayMs(attempts), delivery.id],
    },
  ]);
  return { deliveryId: delivery.id, ok, statusCode, error, status };
}

const DUE_COLUMNS = `d.id, d.attempts, d.payload, d.kind, d.trigger_id, tr.name AS trigger_name, tr.url, tr.template, tr.signing_secret,
  (SELECT s.name FROM segments s WHERE s.workspace_id = d.workspace_id AND s.key = tr.segment_key) AS segment_name`;

function dueFromRow(row: Record<string, unknown>): DueDelivery {
  return {
    id: String(row.id),
    attempts: Number(row.attempts),
    payload: String(row.payload),
    kind: String(row.kind),
    triggerId: String(row.trigger_id),
    triggerName: String(row.trigger_name ?? ''),
    url: String(row.url),
    template: row.template == null ? null : String(row.template),
    signingSecret: String(row.signing_secret),
    segmentName: row.segment_name == null ? null : String(row.segment_name),
  };
}

/**
 * Sends what is due, at least once: each delivery is claimed (its next attempt pushed a minute ahead) before it is
 * sent, so concurrent workers never send it twice at once, and a worker dying mid-send leaves it to be retried.
 */
export async function deliverDue(driver: SqlDriver, now: number, options: { limit?: number; fetcher?: typeof fetch } = {}): Promise<AttemptOutcome[]> {
  const { rows } = await driver.execute({
    sql: `SELECT ${DUE_COLUMNS} FROM deliveries d JOIN triggers tr ON tr.id = d.trigger_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`,
    args: [now, options.limit ?? 50],
  });
  const outcomes: AttemptOutcome[] = [];
  await Promise.all(
    rows.map(async (row) => {
      const delivery = dueFromRow(row);
      const claim = await driver.execute({
        sql: `UPDATE deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?`,
        args: [now + CLAIM_MS, delivery.id, now],
      });
      if (claim.rowsAffected !== 1) return;
      outcomes.push(await attempt(driver, delivery, now, options.fetcher ?? fetch));
    }),
  );
  return outcomes;
}

/** Sends one delivery now, whatever its schedule (test-send). */
export async function deliverNow(driver: SqlDriver, deliveryId: string, now: number, fetcher: typeof fetch = fetch): Promise<AttemptOutcome | null> {
  const { rows } = await driver.execute({
    sql: `SELECT ${DUE_COLUMNS} FROM deliveries d JOIN triggers tr ON tr.id = d.trigger_id WHERE d.id = ?`,
    args: [deliveryId],
  });
  return rows[0] ? attempt(driver, dueFromRow(rows[0]), now, fetcher) : null;
}
