import { SELF } from 'cloudflare:test';
import { describe, inject, it } from 'vitest';
import { apiClient } from '../scenarios/client.ts';
import * as scenarios from '../scenarios/segments.ts';

const api = apiClient((request) => SELF.fetch(request));
// foundation.test.ts takes workspaces 0–11 and browser.test.ts 12–23; these are 24 onwards.
const workspaces = inject('workspaces').slice(24);
let next = 0;
const freshWorkspace = () => {
  const keys = workspaces[next++];
  if (!keys) throw new Error('global-setup created too few workspaces for the worker tests');
  return keys;
};

describe('rule segments in the Workers runtime over libSQL HTTP', () => {
  it('matches exactly the expected contacts over RFM, attributes and behaviour, and explains', () => scenarios.ruleMatchesExactlyTheExpectedContacts(api, freshWorkspace()));
  it('makes a rule change live for decide on the next request', () => scenarios.ruleChangeIsLiveForDecide(api, freshWorkspace()));
  it('applies exclusions and lifecycle groups', () => scenarios.exclusionsAndLifecycleGroups(api, freshWorkspace()));
  it('segments an anonymous visitor by behaviour on decide', () => scenarios.anonymousBehaviourSegmentsOnDecide(api, freshWorkspace()));
});
