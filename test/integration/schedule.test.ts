import { afterAll, beforeAll, describe, it } from 'vitest';
import { runScheduledWork } from '../../edge/rfm/schedule.ts';
import { scheduledWorkExpiresTheWindow } from '../scenarios/schedule.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

describe('scheduled work on Node', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness();
  });
  afterAll(() => harness.close());

  it('expires purchases leaving the look-back window', async () => {
    await scheduledWorkExpiresTheWindow(harness.api, await harness.workspace(), harness.clock.now, async (at) => {
      await runScheduledWork(harness.driver, at);
    });
  });
});
