import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findSettingsFile } from '@pulp/config';

/**
 * On a fresh checkout (no PULP_SETTINGS, no /etc/pulp/settings.yaml, no ./settings.yaml) writes
 * ./settings.yaml with a new SECRET_KEY and everything under ./var, so `npm start` needs no setup
 * and every entrypoint run from this folder (pulpcore-manager included) finds the same settings.
 * Returns the file written, or null when settings already exist.
 */
export function ensureLocalSettings(cwd: string, env: NodeJS.ProcessEnv, contentOrigin: string): string | null {
  if (findSettingsFile(env, cwd) !== null) {
    return null;
  }
  const local = resolve(cwd, 'settings.yaml');
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(
    local,
    [
      '# Written by `npm start` on its first run in this folder; edit freely (docs/settings.md lists every setting).',
      '# Without a DATABASES setting, every process uses the embedded PostgreSQL under DEPLOY_ROOT/postgres.',
      `SECRET_KEY: "${secret}"`,
      `DEPLOY_ROOT: ${JSON.stringify(resolve(cwd, 'var'))}`,
      `CONTENT_ORIGIN: ${JSON.stringify(contentOrigin)}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return local;
}
