import type { Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { deliverDue } from '../triggers/deliver.ts';
import { inBackground } from '../triggers/background.ts';
import { refreshMemberships, type TransitionCause } from './membership.ts';

/**
 * After a write that can move contacts between segments: record the transitions now (real time) and send the
 * webhooks they queued in the background. The write itself is already committed; if this fails, the scheduled
 * pass finds the same transitions later, so nothing is lost and the request still succeeds.
 */
export async function afterContactsChanged(context: Context<AppEnv>, customerIds: readonly string[], cause: TransitionCause): Promise<void> {
  try {
    const report = await refreshMemberships(context.var.db, context.var.auth.workspace, { customerIds }, context.var.now, cause);
    if (report.entered + report.left > 0) inBackground(context, deliverDue(context.var.db, context.var.now));
  } catch (error) {
    console.error('[rfm-edge] segment membership refresh failed; the scheduled pass will catch up:', error);
  }
}
