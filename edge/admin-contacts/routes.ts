import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../deps.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { requireKey } from '../http/auth/index.ts';
import { invalidRequest } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import type { SqlDriver } from '../../db/driver.ts';
import { ContactNotFoundError, contactNotFound, loadContact } from './contact.ts';
import { eraseContact } from '../contacts/erase.ts';
import { contactExport, contactProfile } from './profile.ts';
import { searchContacts } from './search.ts';

const SEARCH_LIMIT_DEFAULT = 20;
const SEARCH_LIMIT_MAX = 200;

const searchQuerySchema = z.object({
  query: z.optional(z.string().check(z.maxLength(200, 'must be at most 200 characters'))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,4}$/, 'must be a whole number'))),
});

async function contactOr404(db: SqlDriver, workspaceId: string, customerId: string) {
  try {
    return await loadContact(db, workspaceId, customerId);
  } catch (error) {
    throw error instanceof ContactNotFoundError ? contactNotFound(error) : error;
  }
}

/**
 * The admin's contacts (admin key): search, the 360° view, the GDPR export and erasure. Unknown customers answer
 * 404 `contact_not_found`.
 */
export const adminContactRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', async (context) => {
    const { workspace } = context.var.auth;
    const input = parseOrThrow(searchQuerySchema, context.req.query());
    const limit = input.limit === undefined ? SEARCH_LIMIT_DEFAULT : Number(input.limit);
    if (limit < 1 || limit > SEARCH_LIMIT_MAX) throw invalidRequest(`limit: must be between 1 and ${SEARCH_LIMIT_MAX}`, 'limit');
    const today = localDayNumber(context.var.now, workspace.timeZone);
    return context.json({ contacts: await searchContacts(context.var.db, workspace, (input.query ?? '').trim(), limit, today) });
  })
  .get('/:customerId', async (context) => {
    const { workspace } = context.var.auth;
    const contact = await contactOr404(context.var.db, workspace.id, context.req.param('customerId'));
    return context.json(await contactProfile(context.var.db, workspace, contact, localDayNumber(context.var.now, workspace.timeZone)));
  })
  .get('/:customerId/export', async (context) => {
    const { workspace } = context.var.auth;
    const contact = await contactOr404(context.var.db, workspace.id, context.req.param('customerId'));
    const exported = await contactExport(context.var.db, workspace, contact, localDayNumber(context.var.now, workspace.timeZone), context.var.now);
    context.header('content-disposition', `attachment; filename="contact-${encodeURIComponent(contact.customerId)}.json"`);
    return context.json(exported);
  })
  .delete('/:customerId', async (context) => {
    const { workspace } = context.var.auth;
    const contact = await contactOr404(context.var.db, workspace.id, context.req.param('customerId'));
    await eraseContact(context.var.db, workspace.id, contact.id);
    return context.body(null, 204);
  });
