import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findSettingsFile } from '@pulp/config';
import { folderBlockingOthers } from '@pulp/database';
import { createKeyFile } from '@pulp/database/encryption';

/** Where root's private checkouts keep their embedded PostgreSQL's data, one folder per checkout. */
const PRIVATE_CHECKOUT_DATABASES = '/var/lib/pulp-ts';

const WRITTEN_BY_LAUNCHER = '# Written by `npm start` on its first run in this folder';

/** The DB_ENCRYPTION_KEY file of the settings the launcher writes, under its data folder. */
export function localKeyFile(cwd: string): string {
  return resolve(cwd, 'var', 'database_fields.symmetric.key');
}

/**
 * On a fresh checkout (no PULP_SETTINGS, no /etc/pulp/settings.yaml, no ./settings.yaml) writes
 * ./settings.yaml with a new SECRET_KEY, everything under ./var and its own DB_ENCRYPTION_KEY file,
 * so `npm start` needs no setup and every entrypoint run from this folder (pulpcore-manager
 * included) finds the same settings. A ./settings.yaml an earlier launcher wrote without
 * DB_ENCRYPTION_KEY gets the setting. Returns the file written or completed, or null.
 */
export function ensureLocalSettings(cwd: string, env: NodeJS.ProcessEnv, contentOrigin: string): string | null {
  const local = resolve(cwd, 'settings.yaml');
  const keySetting = `DB_ENCRYPTION_KEY: ${JSON.stringify(localKeyFile(cwd))}\n`;
  const found = findSettingsFile(env, cwd);
  if (found !== null) {
    const text = found === local ? readFileSync(local, 'utf8') : '';
    if (!text.startsWith(WRITTEN_BY_LAUNCHER) || /^DB_ENCRYPTION_KEY:/m.test(text)) {
      return null;
    }
    appendFileSync(local, keySetting);
    return local;
  }
  const secret = randomBytes(48).toString('base64url');
  const databaseDir = reachableDatabaseDir(cwd);
  writeFileSync(
    local,
    [
      `${WRITTEN_BY_LAUNCHER}; edit freely (docs/settings.md lists every setting).`,
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
      keySetting,
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

/**
 * Creates the launcher's own key file (the one its settings name, mode 0600) when it is missing:
 * on the first run, or after ./var was deleted to start afresh. A key file of the operator's is
 * never made up: without it, start-up stops and says what to do. Returns the file created, or null.
 */
export function ensureLocalKey(cwd: string, keyFile: string): string | null {
  if (keyFile !== localKeyFile(cwd) || existsSync(keyFile)) {
    return null;
  }
  createKeyFile(keyFile);
  return keyFile;
}
