import { Hono, type Context } from 'hono';
import type { SqlDriver, SqlRow } from '../../db/driver.ts';
import type { AppEnv } from '../deps.ts';
import { notFound } from '../http/errors.ts';
import { csvRow, normaliseEmail, normalisePhone, sha256Hex } from './audience.ts';

export const EXPORT_PAGE_SIZE = 1_000;

export type ExportFormat = 'csv' | 'audience';

const MEMBERS_PAGE = `SELECT m.contact_id, m.entered_at, c.customer_id, c.email, c.attributes, r.frequency, r.monetary, r.r_score, r.f_score, r.m_score, r.named
  FROM segment_memberships m JOIN contacts c ON c.id = m.contact_id LEFT JOIN contact_rfm r ON r.contact_id = m.contact_id
  WHERE m.workspace_id = ? AND m.segment_key = ? AND m.contact_id > ? ORDER BY m.contact_id LIMIT ?`;

const CSV_HEADER = ['customer_id', 'email', 'country', 'frequency', 'monetary', 'currency', 'r_score', 'f_score', 'm_score', 'named_segment', 'entered_at'];

async function encodeRow(row: SqlRow, format: ExportFormat, currency: string, callingCode?: string): Promise<string | null> {
  const attributes = JSON.parse(String(row.attributes ?? '{}')) as Record<string, unknown>;
  if (format === 'csv') {
    return csvRow([row.customer_id, row.email, attributes.country, row.frequency ?? 0, row.monetary ?? 0, currency, row.r_score, row.f_score, row.m_score, row.named, new Date(Number(row.entered_at)).toISOString()]);
  }
  const email = normaliseEmail(row.email);
  const phone = normalisePhone(attributes.phone, callingCode);
  if (!email && !phone) return null;
  return csvRow([email ? await sha256Hex(email) : '', phone ? await sha256Hex(phone) : '']);
}

/**
 * A segment's stored members as CSV, one keyset page of rows per pull: memory stays at one page whatever the
 * segment's size, and the next page is read only when the consumer asks for more.
 */
export function streamSegmentMembers(
  driver: SqlDriver,
  workspaceId: string,
  segmentKey: string,
  format: ExportFormat,
  options: { currency: string; defaultCallingCode?: string; pageSize?: number },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastContactId = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(format === 'csv' ? CSV_HEADER : ['email_sha256', 'phone_sha256'])));
        return;
      }
      const { rows } = await driver.execute({ sql: MEMBERS_PAGE, args: [workspaceId, segmentKey, lastContactId, options.pageSize ?? EXPORT_PAGE_SIZE] });
      if (rows.length === 0) return controller.close();
      lastContactId = Number(rows.at(-1)!.contact_id);
      let chunk = '';
      for (const row of rows) chunk += (await encodeRow(row, format, options.currency, options.defaultCallingCode)) ?? '';
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

function exportResponse(format: ExportFormat) {
  return async (context: Context<AppEnv>) => {
    const key = context.req.param('key') ?? '';
    const { workspace } = context.var.auth;
    const { rows } = await context.var.db.execute({ sql: 'SELECT 1 AS found FROM segments WHERE workspace_id = ? AND key = ?', args: [workspace.id, key] });
    if (rows.length === 0) throw notFound(`Segment ${key}`);
    const callingCode = context.req.query('callingCode') ?? undefined;
    return new Response(streamSegmentMembers(context.var.db, workspace.id, key, format, { currency: workspace.currency, defaultCallingCode: callingCode }), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${key}-${format === 'csv' ? 'members' : 'audience'}.csv"`,
        'cache-control': 'no-store',
      },
    });
  };
}

/** GET /:key/export.csv and /:key/audience.csv (mounted under /v1/admin/segments, behind the admin key). */
export const segmentExportRoutes = new Hono<AppEnv>().get('/:key/export.csv', exportResponse('csv')).get('/:key/audience.csv', exportResponse('audience'));
