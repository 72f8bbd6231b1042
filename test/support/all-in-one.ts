import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DIST } from './embedded-cluster';
import { PulpProcess } from './pulp-process';

/** The ports of one all-in-one: its API, content app and embedded PostgreSQL. */
export interface AllInOnePorts {
  api: number;
  content: number;
  postgres: number;
}

/**
 * Runs `npm start` (the built launcher) in `dir`, with nothing from the runner's environment but
 * PATH, and resolves once it says Pulp is running.
 */
export async function launchAllInOne(dir: string, ports: AllInOnePorts, args: string[] = []): Promise<PulpProcess> {
  const child = spawn(
    process.execPath,
    [
      join(DIST, 'all-in-one.js'),
      '--api-bind',
      `127.0.0.1:${ports.api}`,
      '--content-bind',
      `127.0.0.1:${ports.content}`,
      ...args,
    ],
    { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, PULP_EMBEDDED_POSTGRES_PORT: String(ports.postgres) } },
  );
  const launcher = new PulpProcess(child, `http://127.0.0.1:${ports.api}`);
  await launcher.waitFor(/Pulp is running\.[\s\S]*Stop with Ctrl-C\./, 80_000);
  return launcher;
}
