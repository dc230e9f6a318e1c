import type { Context } from 'hono';
import type { AppEnv } from '../deps.ts';

/** Work that may finish after the response: waitUntil on Workers, a detached promise on Node. */
export function inBackground(context: Context<AppEnv>, work: Promise<unknown>) {
  const settled = work.catch((error) => console.error('[rfm-edge] background work failed; the next run retries it:', error));
  try {
    context.executionCtx.waitUntil(settled);
  } catch {
    // Node has no execution context: the promise runs on by itself.
  }
}
