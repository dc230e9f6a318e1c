import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../deps.ts';

const ALLOWED_HEADERS = 'authorization, content-type';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';

/**
 * CORS for the admin API, so the widget works embedded in a back office on another origin. A preflight carries
 * no key, so it is answered for any origin; the real request is refused in requireKey unless its origin is one of
 * the workspace's allowed origins. The key rides in a header, never a cookie, so nothing is sent by ambient
 * authority and credentials are not allowed.
 */
export const adminCors = createMiddleware<AppEnv>(async (context, next) => {
  const origin = context.req.header('origin');
  if (context.req.method === 'OPTIONS' && origin) {
    return new Response(null, {
      status: 204,
      headers: {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      },
    });
  }
  await next();
  if (origin) {
    context.res.headers.set('Access-Control-Allow-Origin', origin);
    context.res.headers.append('Vary', 'Origin');
  }
});
