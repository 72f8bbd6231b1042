import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Task arguments carry secrets (remote passwords and client keys, downloader credentials), so, as
 * Pulp does with `enc_args`/`enc_kwargs`, they are stored encrypted: a database dump or a reader of
 * core_task must not learn them. AES-256-GCM under a key derived from SECRET_KEY (HKDF-SHA256), so
 * every process of a site derives the same key and no new setting is needed; GCM's tag makes a
 * tampered value or a wrong key an error rather than garbage handed to a task.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
/** Fixed so that the key is a function of SECRET_KEY alone; changing it orphans queued tasks. */
const KEY_INFO = 'pulp core_task arguments v1';

export class TaskArgumentsCipher {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    if (!secretKey) {
      throw new Error('Task arguments cannot be encrypted without a SECRET_KEY');
    }
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), KEY_INFO, 32));
  }

  /** `value` as JSON, encrypted: version byte, IV, tag, ciphertext. */
  encrypt(value: unknown): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** The value `encrypt` was given; throws when the key is not the one it was encrypted under or the bytes were changed. */
  decrypt<T = unknown>(sealed: Buffer): T {
    if (sealed.length < HEADER_BYTES || sealed[0] !== VERSION) {
      throw new Error('Encrypted task arguments are malformed');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 1 + IV_BYTES));
    decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, HEADER_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
    } catch {
      throw new Error('Encrypted task arguments could not be decrypted: wrong SECRET_KEY, or altered');
    }
    return JSON.parse(plain.toString('utf8')) as T;
  }
}
