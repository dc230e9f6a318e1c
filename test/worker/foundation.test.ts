import { SELF } from 'cloudflare:test';
import { describe, inject, it } from 'vitest';
import { apiClient } from '../scenarios/client.ts';
import * as scenarios from '../scenarios/foundation.ts';
import { onlineRetailMatchesReference, parseRetailCsv } from '../scenarios/online-retail.ts';

const api = apiClient((request) => SELF.fetch(request));
const workspaces = inject('workspaces');
let next = 0;
const freshWorkspace = () => {
  const keys = workspaces[next++];
  if (!keys) throw new Error('global-setup created too few workspaces for the worker tests');
  return keys;
};

describe('foundation contract in the Workers runtime over libSQL HTTP', () => {
  it('counts a retried 1,000-purchase batch once', () => scenarios.retriedBatchCountsOnce(api, freshWorkspace()));
  it('refuses a batch with bad purchases whole, naming each', () => scenarios.invalidBatchWritesNothing(api, freshWorkspace()));
  it('enforces key scopes', () => scenarios.keyScopesAreEnforced(api, freshWorkspace()));
  it('keeps workspaces apart', () => scenarios.workspacesAreIsolated(api, freshWorkspace(), freshWorkspace()));
  it('takes refunds out of RFM', () => scenarios.refundsLeaveRfm(api, freshWorkspace()));
  it('needs the workspace-currency amount for foreign currencies', () => scenarios.foreignCurrencyNeedsConversion(api, freshWorkspace()));
  it('answers bad input with clear 4xx errors', () => scenarios.badInputGetsClearErrors(api, freshWorkspace()));
  it('creates, reads, exports and erases contacts', () => scenarios.contactLifecycle(api, freshWorkspace()));
  it('validates and applies the RFM configuration', () => scenarios.rfmConfigRoundTrip(api, freshWorkspace()));
  it('matches the independent Online Retail reference to the cent', () =>
    onlineRetailMatchesReference(api, inject('retailWorkspace'), parseRetailCsv(inject('retailCsv')), JSON.parse(inject('retailReference')), {
      storedStateIsAsOfReference: false,
    }));
});

describe('scheduled handler in the Workers runtime', () => {
  it('recomputes what time alone changes when the Cron Trigger fires', async () => {
    const { createExecutionContext, createScheduledController, env, waitOnExecutionContext } = await import('cloudflare:test');
    const { default: worker } = await import('../../edge/worker/index.ts');
    const { scheduledWorkExpiresTheWindow } = await import('../scenarios/schedule.ts');
    await scheduledWorkExpiresTheWindow(api, freshWorkspace(), Date.now(), async (at) => {
      const context = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/15 * * * *' }), env as never, context);
      await waitOnExecutionContext(context);
    });
  });
});
