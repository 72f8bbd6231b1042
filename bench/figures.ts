/** Prints one figure, label left, value right, as every benchmark does. */
export function report(label: string, value: number): void {
  process.stdout.write(`${label.padEnd(72)} ${value.toFixed(value < 10 ? 3 : 1)}\n`);
}

/** The p-th percentile (0–100) of some measurements. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Stops the benchmark when what it measures is not what it means to measure. */
export function expectOk(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`benchmark precondition failed: ${what}`);
  }
}
