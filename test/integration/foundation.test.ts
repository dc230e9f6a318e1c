import { afterAll, beforeAll, describe, it } from 'vitest';
import * as scenarios from '../scenarios/foundation.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

describe('foundation contract on Node with embedded libSQL', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness();
  });
  afterAll(() => harness.close());

  it('counts a retried 1,000-purchase batch once', async () => scenarios.retriedBatchCountsOnce(harness.api, await harness.workspace()));
  it('refuses a batch with bad purchases whole, naming each', async () => scenarios.invalidBatchWritesNothing(harness.api, await harness.workspace()));
  it('enforces key scopes', async () => scenarios.keyScopesAreEnforced(harness.api, await harness.workspace()));
  it('keeps workspaces apart', async () => scenarios.workspacesAreIsolated(harness.api, await harness.workspace(), await harness.workspace()));
  it('takes refunds out of RFM', async () => scenarios.refundsLeaveRfm(harness.api, await harness.workspace()));
  it('needs the workspace-currency amount for foreign currencies', async () => scenarios.foreignCurrencyNeedsConversion(harness.api, await harness.workspace()));
  it('answers bad input with clear 4xx errors', async () => scenarios.badInputGetsClearErrors(harness.api, await harness.workspace()));
  it('creates, reads, exports and erases contacts', async () => scenarios.contactLifecycle(harness.api, await harness.workspace()));
  it('validates and applies the RFM configuration', async () => scenarios.rfmConfigRoundTrip(harness.api, await harness.workspace()));
});
