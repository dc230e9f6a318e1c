import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../edge/app.ts';
import { apiClient } from '../scenarios/client.ts';
import * as scenarios from '../scenarios/browser.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

describe('browser endpoints on Node with embedded libSQL', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.now());
  });
  afterAll(() => harness.close());

  it('gives an identified frequent big spender their segment variant', async () => scenarios.identifiedVisitorGetsSegmentVariant(harness.api, await harness.workspace()));
  it('refuses a forged identify and links nothing', async () => scenarios.forgedIdentifyIsRefused(harness.api, await harness.workspace()));
  it('answers CORS only for allowed origins', async () => scenarios.corsOnlyForAllowedOrigins(harness.api, await harness.workspace()));
  it('validates browser requests and key scopes', async () => scenarios.browserEndpointsValidate(harness.api, await harness.workspace()));
  it('stores collected behaviour and counts it', async () => scenarios.collectStoresBehaviour(harness.api, await harness.workspace()));
  it('sanitises content on save and serves the stored form', async () => scenarios.contentIsSanitisedOnSave(harness.api, await harness.workspace()));
  it('makes a rule change live on the next request', async () => scenarios.ruleChangesAreLiveNextRequest(harness.api, await harness.workspace()));

  it('erases behaviour with the contact', async () => {
    const keys = await harness.workspace();
    await scenarios.collectStoresBehaviour(harness.api, keys);
    expect((await harness.api.call('DELETE', '/v1/contacts/collector', { key: keys.secretKey })).status).toBe(204);
    const { rows } = await harness.driver.execute({ sql: 'SELECT (SELECT count(*) FROM events WHERE workspace_id = ?) + (SELECT count(*) FROM behaviour_counts WHERE workspace_id = ?) AS n', args: [keys.workspaceId, keys.workspaceId] });
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('fails open with default content when the store does not answer', async () => {
    const keys = await harness.workspace();
    const stalled = { ...harness.driver, execute: () => new Promise<never>(() => {}) } as typeof harness.driver;
    const app = createApp({ database: () => stalled, clock: Date.now, decideBudgetMs: 100 });
    const api = apiClient((request) => app.request(request));
    const started = Date.now();
    const answer = await scenarios.decide(api, keys, 'visitor-stalled-1');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ visitorId: 'visitor-stalled-1', segments: [], slots: {}, fallback: true });

    const broken = { ...harness.driver, execute: () => Promise.reject(new Error('SQLITE_BUSY')) } as typeof harness.driver;
    const brokenApp = createApp({ database: () => broken, clock: Date.now });
    expect((await scenarios.decide(apiClient((request) => brokenApp.request(request)), keys, 'visitor-stalled-1')).body.fallback).toBe(true);
  });
});
