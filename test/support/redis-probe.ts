import { spawnSync } from 'node:child_process';

/** Whether a Redis answers at host:port, asked synchronously (a child's PING over TCP) so a suite can decide while jest loads it. */
export function redisAnswers(host: string, port: number): boolean {
  const probe = `const s = require('node:net').connect(${port}, '${host}');
    s.setTimeout(1000, () => process.exit(1));
    s.on('error', () => process.exit(1));
    s.on('connect', () => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
}
