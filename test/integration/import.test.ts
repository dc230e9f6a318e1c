import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PURCHASES_FILE } from '../../edge/demo/seed.ts';
import { importContacts } from '../../edge/import/contacts.ts';
import { importPurchases, localSink } from '../../edge/import/run.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const RAW_SAMPLE = new URL('../fixtures/online-retail/raw-sample.csv.gz', import.meta.url).pathname;

describe('importing purchase history', () => {
  let harness: NodeHarness;
  let folder: string;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.parse('2011-12-10T12:00:00Z'));
    folder = mkdtempSync(join(tmpdir(), 'rfm-import-'));
  });
  afterAll(async () => {
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('turns raw Online Retail lines into the same purchases as the independent demo build, and counts every rejected line', async () => {
    const keys = await harness.workspace({ currency: 'GBP', timeZone: 'Europe/London' });
    const rejectsFile = join(folder, 'rejects.csv');
    const summary = await importPurchases({ file: RAW_SAMPLE, preset: 'online-retail', sink: await localSink(harness.driver, keys.workspaceId, harness.clock.now), rejectsFile });

    const rawLines = gunzipSync(readFileSync(RAW_SAMPLE)).toString('utf8').trim().split('\n').slice(1);
    expect(summary.lines).toBe(rawLines.length);
    expect(summary.accepted).toBe(summary.purchases);
    const rejects = readFileSync(rejectsFile, 'utf8').trim().split('\n').slice(1);
    expect(rejects).toHaveLength(summary.rejected);
    // Every line is either in a purchase or rejected with its line number: nothing silently dropped.
    const { rows: stored } = await harness.driver.execute({
      sql: `SELECT p.order_id, c.customer_id, p.amount, p.purchased_at, json_extract(c.attributes, '$.country') AS country FROM purchases p JOIN contacts c ON c.id = p.contact_id WHERE p.workspace_id = ? ORDER BY p.order_id`,
      args: [keys.workspaceId],
    });
    expect(stored).toHaveLength(summary.purchases);
    const keptLines = rawLines.length - summary.rejected;
    expect(keptLines).toBeGreaterThan(summary.purchases);
    const firstReject = rejects[0]!.split(',');
    const rejectedLine = rawLines[Number(firstReject[0]) - 2]!;
    expect(rejectedLine.split(',')[0]!.startsWith('C') || rejectedLine.split(',')[6] === '' || firstReject[1]!.includes('not positive')).toBe(true);

    const demo = new Map(
      gunzipSync(readFileSync(DEMO_PURCHASES_FILE))
        .toString('utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .map(([orderId, customerId, purchasedAt, amountMinor, country]) => [orderId!, { customerId, purchasedAt: Date.parse(purchasedAt!), amountMinor: Number(amountMinor), country }]),
    );
    for (const row of stored) {
      const expected = demo.get(String(row.order_id));
      expect(expected, `invoice ${row.order_id}`).toBeDefined();
      expect({ customerId: row.customer_id, amount: Number(row.amount), purchasedAt: Number(row.purchased_at), country: row.country }).toEqual({
        customerId: expected!.customerId,
        amount: expected!.amountMinor,
        purchasedAt: expected!.purchasedAt,
        country: expected!.country,
      });
    }

    // RFM state is ready when the import returns.
    const contact = await harness.api.call('GET', `/v1/contacts/${stored[0]!.customer_id}`, { key: keys.secretKey });
    expect(contact.body.rfm.recencyDays).toBeGreaterThan(300);
    expect(contact.body.rfm.lastPurchaseAt).not.toBeNull();

    // Importing the same file again counts nothing twice.
    const again = await importPurchases({ file: RAW_SAMPLE, preset: 'online-retail', sink: await localSink(harness.driver, keys.workspaceId, harness.clock.now) });
    expect(again).toMatchObject({ purchases: summary.purchases, accepted: 0, duplicates: summary.purchases, rejected: summary.rejected });
  });

  it('imports contact attributes from CSV, merging into existing contacts and rejecting unusable rows', async () => {
    const keys = await harness.workspace();
    await harness.api.call('PUT', '/v1/contacts/k1', { key: keys.secretKey, body: { attributes: { tier: 'gold' } } });
    const file = join(folder, 'contacts.csv');
    writeFileSync(file, 'customerId,email,country,birthday,children\nk1,k1@example.com,Germany,1990-10-10,2\n,nobody@example.com,France,,\nk2,not-an-email,Spain,,\nk3,,"Côte d\'Ivoire, West Africa",,\n');
    const rejectsFile = join(folder, 'contact-rejects.csv');
    const summary = await importContacts(harness.driver, keys.workspaceId, file, { rejectsFile, now: harness.clock.now });
    expect(summary).toMatchObject({ lines: 4, imported: 2, rejected: 2 });
    expect(readFileSync(rejectsFile, 'utf8')).toContain('3,"no customer id"');
    expect(readFileSync(rejectsFile, 'utf8')).toContain('4,"email');
    const k1 = await harness.api.call('GET', '/v1/contacts/k1', { key: keys.secretKey });
    expect(k1.body).toMatchObject({ email: 'k1@example.com', attributes: { tier: 'gold', country: 'Germany', birthday: '1990-10-10', children: 2 } });
    const k3 = await harness.api.call('GET', '/v1/contacts/k3', { key: keys.secretKey });
    expect(k3.body.attributes).toEqual({ country: "Côte d'Ivoire, West Africa" });
  });
});
