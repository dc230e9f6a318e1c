export interface IngestTarget {
  origin: string;
  secretKey: string;
  /** the workspace's existing customers are 'c1'…'c<contacts>' */
  contacts: number;
}

/**
 * Purchases/s through POST /v1/purchases in batches of 1,000 on the live server, RFM state updated in each request:
 * new orders from the synthetic workspace's existing customers (spread over all of them), dated over the last
 * 700 days, `concurrency` batches in flight.
 */
export async function ingestThroughput(target: IngestTarget, batches: number, concurrency = 4) {
  const runTag = Date.now().toString(36);
  const batchOf = (index: number) => ({
    purchases: Array.from({ length: 1000 }, (_, row) => ({
      orderId: `bench-${runTag}-${index}-${row}`,
      customerId: `c${1 + ((index * 1000 + row) * 104_729) % target.contacts}`,
      amount: `${(5 + ((index + row) % 200)).toFixed(2)}`,
      currency: 'GBP',
      purchasedAt: new Date(Date.now() - ((index * 13 + row) % 700) * 86_400_000).toISOString(),
    })),
  });
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches) {
        const index = next++;
        const response = await fetch(`${target.origin}/v1/purchases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(batchOf(index)),
        });
        if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        accepted += ((await response.json()) as { accepted: number }).accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    workspaceContacts: target.contacts,
    batches,
    batchSize: 1000,
    concurrency,
    accepted,
    seconds: Number(seconds.toFixed(2)),
    purchasesPerSecond: Math.round(accepted / seconds),
    targetPerSecond: 20_000,
  };
}
