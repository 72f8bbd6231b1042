import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Fernet, MultiFernet } from './fernet';

/** The key file is missing, unreadable or holds no valid key: one line saying which file and what to do. */
export class EncryptionKeyError extends Error {}

/**
 * The secrets a database row holds (remote passwords and client keys, task arguments), encrypted
 * as Pulp encrypts them: Fernet tokens under the keys of the DB_ENCRYPTION_KEY file, one a line,
 * the first encrypting and every one decrypting (blank lines and `#` comments are skipped). The
 * file is read once, when first needed; a process that will need it calls `load()` as it starts,
 * so that a missing key stops it at once rather than at its first secret.
 */
export class DatabaseEncryption {
  private keys: MultiFernet | undefined;

  constructor(readonly file: string) {}

  /** Reads the key file (once); throws EncryptionKeyError when it cannot be used. */
  load(): MultiFernet {
    this.keys ??= readKeyFile(this.file);
    return this.keys;
  }

  encrypt(text: string): string {
    return this.load().encrypt(Buffer.from(text, 'utf8'));
  }

  /** Throws InvalidTokenError when no key of the file opens `token`. */
  decrypt(token: string): string {
    return this.load().decrypt(token).toString('utf8');
  }

  /** `token`'s value encrypted again under the first key. */
  rotate(token: string): string {
    return this.load().rotate(token);
  }
}

/**
 * Writes a key file holding one new key, readable by its owner only; refuses to replace an
 * existing file (its keys may be the only way to read a database). A missing folder is made with
 * the usual mode: it may be a data folder others must enter (the embedded PostgreSQL's user).
 */
export function createKeyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${Fernet.generateKey()}\n`, { mode: 0o600, flag: 'wx' });
}

function readKeyFile(file: string): MultiFernet {
  const problem = (what: string, cause?: unknown) =>
    new EncryptionKeyError(
      `The database encryption key file ${file} (DB_ENCRYPTION_KEY) ${what}: create it with ` +
        `\`(umask 077; openssl rand -base64 32 > ${file})\`, the same file for every Pulp process, ` +
        'or set DB_ENCRYPTION_KEY to the key file the database was encrypted with.',
      { cause },
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw problem(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
  }
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) {
    throw problem('holds no key');
  }
  try {
    return new MultiFernet(lines);
  } catch (error) {
    throw problem(`is not usable (${(error as Error).message})`, error);
  }
}
