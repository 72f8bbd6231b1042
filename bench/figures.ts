import { readFileSync } from 'node:fs';

/** Prints one figure, label left, value right, as every benchmark does. */
export function report(label: string, value: number): void {
  process.stdout.write(`${label.padEnd(72)} ${value.toFixed(value < 10 ? 3 : 1)}\n`);
}

/** The p-th percentile (0–100) of some measurements. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The middle value, or the mean of the middle two. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Stops the benchmark when what it measures is not what it means to measure. */
export function expectOk(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`benchmark precondition failed: ${what}`);
  }
}

/** CPU time (user + system) a process has used so far, from /proc (Linux; clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // Fields 14 and 15 of proc(5), counted from the state (field 3) after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
