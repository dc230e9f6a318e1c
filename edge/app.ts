import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { adminContactRoutes } from './admin-contacts/routes.ts';
import { adminCors } from './admin/cors.ts';
import { createAdminRoutes } from './admin/routes.ts';
import { createBrowserRoutes } from './browser/routes.ts';
import { contactRoutes } from './contacts/routes.ts';
import { contentRuleRoutes } from './content/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { createDemoShopRoutes } from './demo/shop/routes.ts';
import type { AppDeps, AppEnv } from './deps.ts';
import { apiError } from './http/errors.ts';
import { openApiDocument } from './openapi/document.ts';
import { purchaseRoutes } from './purchases/routes.ts';
import { rfmConfigRoutes } from './rfm/config-routes.ts';
import { segmentRoutes } from './segments/routes.ts';
import { bulkSendRoutes, deliveryRoutes, triggerRoutes } from './triggers/routes.ts';
import { createSdkLoader, createSdkRoutes } from './sdk/routes.ts';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Refuses bodies over the limit. A declared Content-Length is checked from the header alone: touching the body
 * stream (as hono's bodyLimit does) makes @hono/node-server build a full Request, which costs more than a decide.
 * Bodies without a length (chunked) are counted as they stream.
 */
function limitBody(maxBytes: number) {
  const tooLarge = () => {
    throw apiError(413, 'payload_too_large', `The request body is larger than ${maxBytes / 1024 / 1024} MB; send smaller batches`);
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return createMiddleware<AppEnv>(async (context, next) => {
    const declared = context.req.header('content-length');
    if (declared !== undefined && context.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > maxBytes) tooLarge();
      return next();
    }
    if (context.req.method === 'GET' || context.req.method === 'HEAD' || context.req.method === 'OPTIONS' || context.req.method === 'DELETE') return next();
    return streamed(context, next);
  });
}

/** The whole HTTP API, runtime-agnostic: Node and the Worker differ only in the deps they inject. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.onError((error, context) => {
    if (error instanceof HTTPException) return error.getResponse();
    console.error(`[rfm-edge] ${context.req.method} ${context.req.path} failed:`, error);
    return context.json({ error: { code: 'internal_error', message: 'Something went wrong on our side; nothing was half-written, so it is safe to retry' } }, 500);
  });
  app.notFound((context) => context.json({ error: { code: 'not_found', message: `No route for ${context.req.method} ${context.req.path}` } }, 404));

  app.use('/v1/*', async (context, next) => {
    context.set('db', deps.database(context.env));
    context.set('now', deps.clock());
    context.set('bodyText', () => deps.readBody?.(context.env) ?? context.req.text());
    await next();
  });
  app.use('/v1/*', limitBody(MAX_BODY_BYTES));
  app.use('/v1/admin/*', adminCors);

  app.get('/health', (context) => context.json({ ok: true }));
  app.get('/openapi.json', (context) => context.json(openApiDocument()));
  app.route('/v1/purchases', purchaseRoutes);
  app.route('/v1/contacts', contactRoutes);
  app.route('/v1/admin/rfm-config', rfmConfigRoutes);
  app.route('/v1/admin/content-rules', contentRuleRoutes);
  app.route('/v1/admin/segments', bulkSendRoutes);
  app.route('/v1/admin/segments', segmentRoutes);
  app.route('/v1/admin/triggers', triggerRoutes);
  app.route('/v1/admin/deliveries', deliveryRoutes);
  app.route('/v1/admin/dashboard', dashboardRoutes);
  app.route('/v1/admin/contacts', adminContactRoutes);
  app.route('/v1', createBrowserRoutes({ decideBudgetMs: deps.decideBudgetMs }));
  const loadSdk = createSdkLoader(deps);
  app.route('/', createSdkRoutes(loadSdk));
  app.route('/', createAdminRoutes(createSdkLoader(deps, 'admin.js'), deps.sdkScript));
  if (deps.demo) app.route('/', createDemoShopRoutes(deps.demo, deps.database, loadSdk));
  return app;
}

export type App = ReturnType<typeof createApp>;
