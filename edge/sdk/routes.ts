import { Hono } from 'hono';
import type { AppDeps, AppEnv, BuiltScript } from '../deps.ts';
import { apiError } from '../http/errors.ts';
import { sha256Hex } from '../workspaces/keys.ts';

export interface SdkBuild {
  code: string;
  version: string;
}

/** The script's URL for pages: versioned, so it can be cached for a year and still change on deploy. */
export const sdkPath = (build: SdkBuild) => `/sdk/${build.version}.js`;

export function createSdkLoader(deps: AppDeps, file: BuiltScript = 'rfm.js') {
  let cached: SdkBuild | null = null;
  return async (bindings: unknown): Promise<SdkBuild | null> => {
    if (cached) return cached;
    const code = await deps.sdkScript?.(bindings, file);
    if (!code) return null;
    cached = { code, version: (await sha256Hex(code)).slice(0, 10) };
    return cached;
  };
}

/** A built browser script: loadable from any origin (module scripts from another origin are fetched with CORS). */
export function scriptResponse(code: string, etag: string, cacheControl: string): Response {
  return new Response(code, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': cacheControl,
      ETag: `"${etag}"`,
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/**
 * `/sdk.js` is cached briefly (a shop's script tag always gets the current build within minutes);
 * `/sdk/<version>.js` is immutable. Both may be loaded from any origin.
 */
export function createSdkRoutes(loadSdk: ReturnType<typeof createSdkLoader>) {
  const serve = (build: SdkBuild, cacheControl: string) => scriptResponse(build.code, build.version, cacheControl);
  const notBuilt = () => apiError(503, 'sdk_not_built', 'The SDK is not built: run npm run build:sdk');

  return new Hono<AppEnv>()
    .get('/sdk.js', async (context) => {
      const build = await loadSdk(context.env);
      if (!build) throw notBuilt();
      if (context.req.header('if-none-match') === `"${build.version}"`) return context.body(null, 304);
      return serve(build, 'public, max-age=300, stale-while-revalidate=86400');
    })
    .get('/sdk/:file{[0-9a-f]{10}\\.js}', async (context) => {
      const build = await loadSdk(context.env);
      if (!build) throw notBuilt();
      const requested = context.req.param('file').slice(0, 10);
      return serve(build, requested === build.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    });
}
