import { pbkdf2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB, ~100 ms a check).
// Basic auth pays it once per credential and process: BasicAuthenticator remembers verified ones.
const COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
// Each derivation holds 128·N·r bytes; a stored hash may name any cost, and one past these bounds is refused.
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;
const MAX_PBKDF2_ITERATIONS = 10_000_000;
// Concurrent derivations allowed per process: 128 MiB each, so a burst of logins cannot exhaust memory.
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` when fewer than MAX_CONCURRENT derivations are running. */
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) {
      next();
    } else {
      running -= 1;
    }
  }
}

function deriveScrypt(password: string, salt: Buffer, { N, r, p }: ScryptCost): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

function derivePbkdf2(password: string, salt: string, iterations: number, length: number): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        pbkdf2(password, salt, iterations, length, 'sha256', (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveScrypt(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** A stored hash split into what checking a password needs; null when we cannot check it. */
type ParsedHash =
  | { scheme: 'scrypt'; cost: ScryptCost; salt: Buffer; hash: Buffer }
  | { scheme: 'pbkdf2_sha256'; iterations: number; salt: string; hash: Buffer };

const POSITIVE = /^[1-9][0-9]{0,9}$/;

function parseHash(encoded: string): ParsedHash | null {
  const parts = encoded.split('$');
  if (parts[0] === 'scrypt' && parts.length === 6 && parts.slice(1, 4).every((part) => POSITIVE.test(part))) {
    const [N, r, p] = parts.slice(1, 4).map(Number);
    // N must be a power of two above 1; the memory bound keeps a crafted row from stalling the process.
    if (N < 2 || (N & (N - 1)) !== 0 || 128 * N * r * p > MAX_SCRYPT_MEMORY) {
      return null;
    }
    return { scheme: 'scrypt', cost: { N, r, p }, salt: Buffer.from(parts[4], 'base64'), hash: b64(parts[5]) };
  }
  // Django: pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte key>; the salt is used as text.
  if (parts[0] === 'pbkdf2_sha256' && parts.length === 4 && POSITIVE.test(parts[1]) && parts[2] !== '') {
    const iterations = Number(parts[1]);
    return iterations > MAX_PBKDF2_ITERATIONS
      ? null
      : { scheme: 'pbkdf2_sha256', iterations, salt: parts[2], hash: b64(parts[3]) };
  }
  return null;
}

function b64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

/**
 * True when `password` is the one `encoded` was made from: our scrypt hashes (any cost) and
 * Django's `pbkdf2_sha256` (a user table copied from Pulp). Anything else (Django's unusable `!…`) is false.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed || parsed.hash.length === 0) {
    return false;
  }
  const key =
    parsed.scheme === 'scrypt'
      ? await deriveScrypt(password, parsed.salt, parsed.cost)
      : await derivePbkdf2(password, parsed.salt, parsed.iterations, parsed.hash.length);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** A hash verifyPassword can check (not Django's unusable `!…`, nor an unknown or malformed one). */
export function isCheckableHash(encoded: string): boolean {
  return parseHash(encoded) !== null;
}

/** A verified hash that is not our current scheme and cost: re-hash the password on this login. */
export function needsRehash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  return (
    parsed?.scheme !== 'scrypt' || parsed.cost.N !== COST.N || parsed.cost.r !== COST.r || parsed.cost.p !== COST.p
  );
}

/** 20 characters of [A-Za-z0-9], as `reset-admin-password --random` prints. */
export function randomPassword(length = 20): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length * 2);
  let password = '';
  for (const byte of bytes) {
    // Reject bytes past the last whole multiple of the alphabet, so every character is equally likely.
    if (byte < 248 && password.length < length) {
      password += alphabet[byte % alphabet.length];
    }
  }
  return password.length === length ? password : randomPassword(length);
}
