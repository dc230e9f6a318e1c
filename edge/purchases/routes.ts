import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { afterContactsChanged } from '../segments/realtime.ts';
import { requireKey } from '../http/auth/index.ts';
import { invalidRequest, notFound } from '../http/errors.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { ingestPurchases, normalisePurchases, setPurchaseStatus } from './ingest.ts';
import { purchaseBatchSchema, purchaseStatusSchema } from './schema.ts';

export const purchaseRoutes = new Hono<AppEnv>()
  .use(requireKey('secret', 'admin'))
  .post('/', async (context) => {
    const body = await readJson(context);
    const isBatch = typeof body === 'object' && body !== null && 'purchases' in body;
    const inputs = isBatch ? parseOrThrow(purchaseBatchSchema, body).purchases : [body];
    const { workspace } = context.var.auth;
    const normalised = normalisePurchases(inputs, workspace, context.var.now, isBatch ? 'purchases' : '');
    if (!normalised.ok) {
      const count = new Set(normalised.problems.map((problem) => problem.index)).size;
      const first = normalised.problems[0]!;
      const message = isBatch
        ? `${count} of ${inputs.length} purchases are invalid; nothing was stored. First: ${first.field} ${first.message}`
        : `${first.field} ${first.message}`;
      throw invalidRequest(message, first.field, normalised.problems);
    }
    const result = await ingestPurchases(context.var.db, workspace, normalised.purchases, context.var.now);
    if (result.accepted > 0) await afterContactsChanged(context, [...new Set(normalised.purchases.map((purchase) => purchase.customerId))], 'ingest');
    return context.json(result, result.accepted > 0 ? 201 : 200);
  })
  .patch('/:orderId', async (context) => {
    const { status } = parseOrThrow(purchaseStatusSchema, await readJson(context));
    const orderId = context.req.param('orderId');
    if (!orderId.trim()) throw invalidRequest('orderId is empty', 'orderId');
    const updated = await setPurchaseStatus(context.var.db, context.var.auth.workspace, orderId, status, context.var.now);
    if (!updated) throw notFound(`Purchase ${orderId}`);
    await afterContactsChanged(context, [updated.customerId], 'refund');
    return context.json(updated);
  });
