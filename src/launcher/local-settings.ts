import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findSettingsFile } from '@pulp/config';
import { folderBlockingOthers } from '@pulp/database';

/** Where root's private checkouts keep their embedded PostgreSQL's data, one folder per checkout. */
const PRIVATE_CHECKOUT_DATABASES = '/var/lib/pulp-ts';

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
  const databaseDir = reachableDatabaseDir(cwd);
  writeFileSync(
    local,
    [
      '# Written by `npm start` on its first run in this folder; edit freely (docs/settings.md lists every setting).',
      '# Without a DATABASES setting, every process uses the embedded PostgreSQL under DEPLOY_ROOT/postgres.',
      `SECRET_KEY: "${secret}"`,
      `DEPLOY_ROOT: ${JSON.stringify(resolve(cwd, 'var'))}`,
      `CONTENT_ORIGIN: ${JSON.stringify(contentOrigin)}`,
      ...(databaseDir
        ? [
            '# As root, PostgreSQL runs as the user "postgres", which cannot enter this folder: its data lives here.',
            `EMBEDDED_POSTGRES_DIR: ${JSON.stringify(databaseDir)}`,
          ]
        : []),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return local;
}

/**
 * As root, the embedded PostgreSQL runs as `postgres`, for whom a checkout in a private folder
 * (say /root/x, mode 0700) is out of reach: its data then goes to a folder of its own, named after
 * the checkout so that each keeps its database.
 */
function reachableDatabaseDir(cwd: string): string | undefined {
  if (process.getuid?.() !== 0 || !folderBlockingOthers(cwd)) {
    return undefined;
  }
  const checkout = createHash('sha256').update(resolve(cwd)).digest('hex').slice(0, 12);
  return `${PRIVATE_CHECKOUT_DATABASES}/${checkout}/postgres`;
}
