import type { ServerUnderTest } from './decide.ts';

/** Purchases/s through POST /v1/purchases in batches of 1,000, state updated in each request, on the live server. */
export async function ingestThroughput(server: ServerUnderTest, batches: number, concurrency = 4) {
  let next = 0;
  const batchOf = (index: number) => ({
    purchases: Array.from({ length: 1000 }, (_, row) => ({
      orderId: `bench-${index}-${row}`,
      customerId: `bench-customer-${(index * 7919 + row * 104729) % 50_000}`,
      amount: `${(5 + ((index + row) % 200)).toFixed(2)}`,
      currency: 'GBP',
      purchasedAt: new Date(Date.now() - ((index * 13 + row) % 700) * 86_400_000).toISOString(),
    })),
  });
  const started = performance.now();
  let accepted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches) {
        const index = next++;
        const response = await fetch(`${server.origin}/v1/purchases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.credentials.secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(batchOf(index)),
        });
        if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        accepted += ((await response.json()) as { accepted: number }).accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { batches, batchSize: 1000, concurrency, accepted, seconds: Number(seconds.toFixed(2)), purchasesPerSecond: Math.round(accepted / seconds), targetPerSecond: 20_000 };
}
