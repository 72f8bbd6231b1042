import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SYSTEM_SETTINGS_FILE = '/etc/pulp/settings.yaml';

/**
 * On a fresh checkout (no PULP_SETTINGS, no /etc/pulp/settings.yaml, no ./settings.yaml) writes
 * ./settings.yaml with a new SECRET_KEY and everything under ./var, so `npm start` needs no setup
 * and every entrypoint run from this folder (pulpcore-manager included) finds the same settings.
 * Returns the file written, or null when settings already exist.
 */
export function ensureLocalSettings(cwd: string, env: NodeJS.ProcessEnv): string | null {
  const local = resolve(cwd, 'settings.yaml');
  if (env.PULP_SETTINGS || existsSync(SYSTEM_SETTINGS_FILE) || existsSync(local)) {
    return null;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(
    local,
    [
      '# Written by `npm start` on its first run in this folder; edit freely (docs/settings.md lists every setting).',
      '# Without a DATABASES setting, every process uses the embedded PostgreSQL under DEPLOY_ROOT/postgres.',
      `SECRET_KEY: "${secret}"`,
      `DEPLOY_ROOT: ${JSON.stringify(resolve(cwd, 'var'))}`,
      'CONTENT_ORIGIN: "http://127.0.0.1:24816"',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return local;
}
