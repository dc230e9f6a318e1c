import { afterAll, beforeAll, describe, it } from 'vitest';
import * as scenarios from '../scenarios/segments.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

describe('rule segments on Node with embedded libSQL', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.now());
  });
  afterAll(() => harness.close());

  it('matches exactly the expected contacts over RFM, attributes and behaviour, and explains', async () => scenarios.ruleMatchesExactlyTheExpectedContacts(harness.api, await harness.workspace()));
  it('makes a rule change live for decide on the next request', async () => scenarios.ruleChangeIsLiveForDecide(harness.api, await harness.workspace()));
  it('applies exclusions and lifecycle groups', async () => scenarios.exclusionsAndLifecycleGroups(harness.api, await harness.workspace()));
  it('segments an anonymous visitor by behaviour on decide', async () => scenarios.anonymousBehaviourSegmentsOnDecide(harness.api, await harness.workspace()));
});
