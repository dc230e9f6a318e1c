import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { apiError } from '../http/errors.ts';
import type { AppDeps } from '../deps.ts';
import { scriptResponse, type createSdkLoader, type SdkBuild } from '../sdk/routes.ts';

/** Constructable stylesheets and element.style are CSSOM, which CSP does not govern, so no 'unsafe-inline' is needed. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const adminPage = (scriptPath: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>rfm-edge admin</title>
</head>
<body>
<rfm-admin hash-routing></rfm-admin>
<script src="${scriptPath}"></script>
</body>
</html>`;

/**
 * The admin widget: `/admin` is a page holding only the widget (it asks for the admin key itself), `/admin.js` the
 * script for embedding in a back office (cached briefly), `/admin/<version>.js` the immutable build of it. That
 * script imports the widget's ES modules from `/admin/m/<name>.<hash>.js`: immutable, and loadable from any origin,
 * because a module script from another origin is fetched with CORS.
 */
export function createAdminRoutes(loadWidget: ReturnType<typeof createSdkLoader>, sdkScript: AppDeps['sdkScript']) {
  const notBuilt = () => apiError(503, 'admin_not_built', 'The admin widget is not built: run npm run build:widget');
  const serve = (build: SdkBuild, cacheControl: string) => scriptResponse(build.code, build.version, cacheControl);
  const widgetModules = createModuleCache(sdkScript);
  return new Hono<AppEnv>()
    .get('/admin', async (context) => {
      const build = await loadWidget(context.env);
      if (!build) throw notBuilt();
      return context.html(adminPage(`/admin/${build.version}.js`), 200, {
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
    })
    .get('/admin.js', async (context) => {
      const build = await loadWidget(context.env);
      if (!build) throw notBuilt();
      if (context.req.header('if-none-match') === `"${build.version}"`) return context.body(null, 304);
      return serve(build, 'public, max-age=300, stale-while-revalidate=86400');
    })
    .get('/admin/m/:file{[\\w-]+\\.[\\w-]+\\.js}', async (context) => {
      const file = context.req.param('file');
      const code = await widgetModules.load(context.env, file);
      if (code === null) throw apiError(404, 'not_found', `The admin has no module ${file}: reload the page to get the current build`);
      if (context.req.header('if-none-match') === `"${file}"`) return context.body(null, 304);
      return scriptResponse(code, file, 'public, max-age=31536000, immutable');
    })
    .get('/admin/:file{[0-9a-f]{10}\\.js}', async (context) => {
      const build = await loadWidget(context.env);
      if (!build) throw notBuilt();
      return serve(build, context.req.param('file').slice(0, 10) === build.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    });
}

/** Hashed module files never change, so each is read once; the cache is bounded by the number of files a build has. */
function createModuleCache(sdkScript: AppDeps['sdkScript']) {
  const MAX_FILES = 64;
  const files = new Map<string, string>();
  return {
    async load(bindings: unknown, file: string): Promise<string | null> {
      const known = files.get(file);
      if (known !== undefined) return known;
      const code = (await sdkScript?.(bindings, `admin/m/${file}`)) ?? null;
      if (code !== null) {
        if (files.size >= MAX_FILES) files.delete(files.keys().next().value!);
        files.set(file, code);
      }
      return code;
    },
  };
}
