import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../deps.ts';
import { apiError } from '../http/errors.ts';

/** A day: preflights are rare anyway (the SDK sends text/plain bodies, which need none). */
const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

export function isAllowedOrigin(origin: string, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.includes(origin);
}

/**
 * Called by each browser handler as soon as it knows the workspace, before it writes anything: a request from an
 * origin the workspace does not allow is refused (403, no CORS headers), so a foreign page can neither read answers
 * nor write events with a shop's publishable key. Requests without an Origin (servers, curl) pass.
 */
export function admitOrigin(context: Context<AppEnv>, allowedOrigins: readonly string[]): void {
  const origin = context.req.header('origin');
  if (origin === undefined) return;
  if (!isAllowedOrigin(origin, allowedOrigins)) {
    throw apiError(403, 'origin_not_allowed', `Origin ${origin} is not an allowed origin of this workspace; add it to the workspace's allowed origins`);
  }
  context.set('corsOrigin', origin);
}

/** Answers preflights for allowed origins only, and adds CORS headers to every answer (errors too) once admitted. */
export function browserCors(originsForPreflight: (context: Context<AppEnv>) => Promise<readonly string[] | null>) {
  return createMiddleware<AppEnv>(async (context, next) => {
    const origin = context.req.header('origin');
    if (context.req.method === 'OPTIONS') {
      const origins = origin ? await originsForPreflight(context).catch(() => null) : null;
      if (!origin || !origins || !isAllowedOrigin(origin, origins)) return context.body(null, 204);
      return context.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        Vary: 'Origin',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
    }
    await next();
    const admitted = context.get('corsOrigin');
    if (admitted) {
      context.res.headers.set('Access-Control-Allow-Origin', admitted);
      context.res.headers.append('Vary', 'Origin');
    }
  });
}
