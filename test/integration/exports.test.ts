import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../../db/driver.ts';
import { EXPORT_PAGE_SIZE, streamSegmentMembers } from '../../edge/segments/exports.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const MEMBERS = 100_000;

describe('segment exports', () => {
  let harness: NodeHarness;
  let workspaceId: string;
  beforeAll(async () => {
    harness = await startNodeHarness();
    workspaceId = (await harness.workspace()).workspaceId;
    await harness.driver.execute({
      sql: `INSERT INTO segments (id, workspace_id, key, name, kind, direction, rule, priority) VALUES ('seg_big', ?, 'big', 'Big', 'rule', 'outbound', '{"field":"rfm.frequency","op":"gte","value":0}', 0)`,
      args: [workspaceId],
    });
    await harness.driver.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO contacts (workspace_id, customer_id, email, attributes) SELECT ?, 'c' || i, 'Person' || i || '@Example.com', json_object('country', 'DE', 'phone', '+49 30 ' || (1000000 + i)) FROM n`,
      args: [MEMBERS, workspaceId],
    });
    await harness.driver.execute({
      sql: `INSERT INTO segment_memberships (workspace_id, segment_key, contact_id, entered_at) SELECT ?, 'big', id, 0 FROM contacts WHERE workspace_id = ?`,
      args: [workspaceId, workspaceId],
    });
  });
  afterAll(() => harness.close());

  it('streams 100,000 members a page at a time, reading the next page only when asked', async () => {
    let pages = 0;
    let largestPage = 0;
    const counting = {
      ...harness.driver,
      execute: async (statement: Parameters<SqlDriver['execute']>[0]) => {
        const result = await harness.driver.execute(statement);
        pages++;
        largestPage = Math.max(largestPage, result.rows.length);
        return result;
      },
    } as SqlDriver;
    const reader = streamSegmentMembers(counting, workspaceId, 'big', 'csv', { currency: 'EUR' }).getReader();
    const decoder = new TextDecoder();
    const header = decoder.decode((await reader.read()).value);
    expect(header).toBe('customer_id,email,country,frequency,monetary,currency,r_score,f_score,m_score,named_segment,entered_at\r\n');
    const firstPage = decoder.decode((await reader.read()).value);
    expect(firstPage.split('\r\n')[0]).toBe('c1,Person1@Example.com,DE,0,0,EUR,,,,,1970-01-01T00:00:00.000Z');
    expect(pages).toBeLessThanOrEqual(2); // a stream's queue may read one page ahead, never the whole segment
    let lines = firstPage.split('\r\n').length - 1;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      lines += decoder.decode(value).split('\r\n').length - 1;
    }
    expect(lines).toBe(MEMBERS);
    expect(largestPage).toBeLessThanOrEqual(EXPORT_PAGE_SIZE);
    expect(pages).toBeGreaterThanOrEqual(MEMBERS / EXPORT_PAGE_SIZE);
  });

  it('serves the audience file with hashed, normalised identifiers over HTTP', async () => {
    const keys = await harness.workspace();
    await harness.api.call('PUT', '/v1/contacts/a', { key: keys.secretKey, body: { email: 'Test@Example.com', attributes: { phone: '030 1234567' } } });
    const b = await harness.api.call('PUT', '/v1/contacts/b', { key: keys.secretKey, body: { attributes: { phone: 'n/a' } } });
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    const created = await harness.api.call('POST', '/v1/admin/segments', { key: keys.adminKey, body: { key: 'everyone', name: 'Everyone', direction: 'outbound', rule: { field: 'rfm.frequency', op: 'gte', value: 0 } } });
    expect(created.body.memberCount).toBe(2);
    const audience = await harness.api.call('GET', '/v1/admin/segments/everyone/audience.csv?callingCode=49', { key: keys.adminKey });
    expect(audience.status).toBe(200);
    expect(audience.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = String(audience.body).trim().split('\r\n');
    expect(header).toBe('email_sha256,phone_sha256');
    expect(rows).toEqual(['973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b,' + (await sha('49301234567'))]);
    expect((await harness.api.call('GET', '/v1/admin/segments/nope/export.csv', { key: keys.adminKey })).status).toBe(404);
  });
});

async function sha(text: string) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}
