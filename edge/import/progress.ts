/** A progress bar on a terminal (rows, rate, ETA), plain periodic lines when the output is a file or a pipe. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastPrint = 0;
  const interactive = stream.isTTY === true;
  return {
    update({ lines, purchases, fraction, seconds }: { lines: number; purchases: number; fraction: number; seconds: number }) {
      const now = Date.now();
      if (now - lastPrint < (interactive ? 150 : 5000)) return;
      lastPrint = now;
      const rate = Math.round(lines / Math.max(seconds, 0.001));
      const eta = fraction > 0.01 ? Math.max(0, Math.round(seconds / fraction - seconds)) : null;
      const text = `${lines.toLocaleString('en')} lines, ${purchases.toLocaleString('en')} purchases, ${rate.toLocaleString('en')} lines/s${eta === null ? '' : `, ETA ${eta} s`}`;
      if (interactive) {
        const width = 24;
        const filled = Math.round(Math.min(1, fraction) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${text}\u001b[K`);
      } else stream.write(`import: ${text}\n`);
    },
    done() {
      if (interactive) stream.write('\n');
    },
  };
}
