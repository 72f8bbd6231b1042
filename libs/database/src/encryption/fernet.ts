import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Fernet (https://github.com/fernet/spec), the token format of Python's `cryptography` that Pulp
 * encrypts database fields with: a token written by either side opens on the other with the same
 * key. Token: 0x80, 64-bit big-endian Unix time, 16-byte IV, AES-128-CBC ciphertext (PKCS #7
 * padded), HMAC-SHA256 of all that; url-safe base64 with padding. The key is 32 bytes in base64:
 * the first half signs, the second encrypts. Tokens carry no expiry here (Pulp passes no TTL).
 */
const VERSION = 0x80;
const IV_BYTES = 16;
const HMAC_BYTES = 32;
const HEADER_BYTES = 1 + 8 + IV_BYTES;
/** 32 bytes of base64, url-safe or standard (`openssl rand -base64 32` makes the latter; Python reads both). */
const KEY_TEXT = /^[A-Za-z0-9_+/-]{43}=$/;
const TOKEN_TEXT = /^[A-Za-z0-9_-]+={0,2}$/;

/** A token that is not one, was altered, or was made under another key: it is never half-read. */
export class InvalidTokenError extends Error {
  constructor() {
    super('The encrypted value could not be decrypted: altered, or encrypted under a key not in the key file');
  }
}

/** One Fernet key. */
export class Fernet {
  private readonly signingKey: Buffer;
  private readonly encryptionKey: Buffer;

  /** Throws when `key` is not 32 bytes of base64. */
  constructor(key: string) {
    if (!KEY_TEXT.test(key)) {
      throw new Error('A Fernet key is 32 bytes in base64 (44 characters)');
    }
    const bytes = Buffer.from(key, 'base64');
    this.signingKey = bytes.subarray(0, 16);
    this.encryptionKey = bytes.subarray(16);
  }

  /** A new random key, as `Fernet.generate_key()` writes it. */
  static generateKey(): string {
    return randomBytes(32).toString('base64url') + '=';
  }

  /** `plain` sealed; `now` (Unix seconds) and `iv` are only given by tests that reproduce a known token. */
  encrypt(plain: Buffer, now: number = Date.now() / 1000, iv: Buffer = randomBytes(IV_BYTES)): string {
    const header = Buffer.alloc(HEADER_BYTES);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(Math.floor(now)), 1);
    iv.copy(header, 9);
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey, iv);
    const signed = Buffer.concat([header, cipher.update(plain), cipher.final()]);
    // Url-safe base64 with its padding, as Python's urlsafe_b64encode writes it.
    return Buffer.concat([signed, this.mac(signed)])
      .toString('base64')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  }

  /** The plain bytes of a token this key made; throws InvalidTokenError for anything else. */
  decrypt(token: string): Buffer {
    const data = TOKEN_TEXT.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
    if (data.length < HEADER_BYTES + IV_BYTES + HMAC_BYTES || data[0] !== VERSION) {
      throw new InvalidTokenError();
    }
    const signed = data.subarray(0, data.length - HMAC_BYTES);
    if (!timingSafeEqual(this.mac(signed), data.subarray(signed.length))) {
      throw new InvalidTokenError();
    }
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, signed.subarray(9, HEADER_BYTES));
      return Buffer.concat([decipher.update(signed.subarray(HEADER_BYTES)), decipher.final()]);
    } catch {
      throw new InvalidTokenError();
    }
  }

  private mac(signed: Buffer): Buffer {
    return createHmac('sha256', this.signingKey).update(signed).digest();
  }
}

/**
 * Several keys, as `cryptography`'s MultiFernet: the first encrypts, each in turn may decrypt, so a
 * new key can be put first while values sealed under the old one still open until re-encrypted.
 */
export class MultiFernet {
  private readonly keys: Fernet[];

  constructor(keys: readonly string[]) {
    if (keys.length === 0) {
      throw new Error('At least one Fernet key is needed');
    }
    this.keys = keys.map((key, index) => {
      try {
        return new Fernet(key);
      } catch (error) {
        throw new Error(`key ${index + 1}: ${(error as Error).message}`, { cause: error });
      }
    });
  }

  encrypt(plain: Buffer): string {
    return this.keys[0].encrypt(plain);
  }

  decrypt(token: string): Buffer {
    for (const key of this.keys) {
      try {
        return key.decrypt(token);
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) {
          throw error;
        }
      }
    }
    throw new InvalidTokenError();
  }

  /** The same plain value, sealed again under the first key. */
  rotate(token: string): string {
    return this.encrypt(this.decrypt(token));
  }
}
