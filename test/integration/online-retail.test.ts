import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEMO_PURCHASES_FILE } from '../../edge/demo/seed.ts';
import { onlineRetailMatchesReference, parseRetailCsv, type RetailReference } from '../scenarios/online-retail.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const reference = JSON.parse(readFileSync(new URL('../fixtures/online-retail/reference-sample.json', import.meta.url), 'utf8')) as RetailReference;
const purchases = parseRetailCsv(gunzipSync(readFileSync(DEMO_PURCHASES_FILE)).toString('utf8'));

describe('UCI Online Retail through the API on Node', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.parse('2011-12-10T12:00:00Z'));
  });
  afterAll(() => harness.close());

  it('matches the independent reference to the cent, as of 2011-12-10, all time and with a 365-day window', async () => {
    const keys = await harness.workspace({ currency: 'GBP', timeZone: 'Europe/London' });
    await onlineRetailMatchesReference(harness.api, keys, purchases, reference, { storedStateIsAsOfReference: true });
  });
});
