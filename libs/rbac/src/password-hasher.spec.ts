import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, randomPassword, verifyPassword } from './password-hasher';

/** A hash as Django's PBKDF2PasswordHasher writes it. */
function djangoHash(password: string, salt = 'Xb1w8Zc0XyQ2mGr7', iterations = 1000): string {
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${key}`;
}

function oldScryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('password hasher', () => {
  it("hashes with OWASP's scrypt cost, verifies the password and refuses another", async () => {
    const encoded = await hashPassword('s3cret');
    expect(encoded).toMatch(/^scrypt\$131072\$8\$1\$/);
    await expect(verifyPassword('s3cret', encoded)).resolves.toBe(true);
    await expect(verifyPassword('s3cret ', encoded)).resolves.toBe(false);
    expect(needsRehash(encoded)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toEqual(await hashPassword('same'));
  });

  it("verifies Django's pbkdf2_sha256 hashes and asks for a re-hash", async () => {
    const encoded = djangoHash('pulp admin');
    await expect(verifyPassword('pulp admin', encoded)).resolves.toBe(true);
    await expect(verifyPassword('pulp admim', encoded)).resolves.toBe(false);
    expect(needsRehash(encoded)).toBe(true);
  });

  it('verifies scrypt hashes of a lower cost and asks for a re-hash', async () => {
    const encoded = oldScryptHash('older');
    await expect(verifyPassword('older', encoded)).resolves.toBe(true);
    expect(needsRehash(encoded)).toBe(true);
  });

  it.each([
    ['an unusable password', '!'],
    ['an unknown scheme', 'bcrypt$2b$12$abc'],
    ['a truncated scrypt hash', 'scrypt$131072$8$1$c2FsdA=='],
    ['an N that is not a power of two', 'scrypt$1000$8$1$c2FsdA==$aGFzaA=='],
    ['a cost past the memory bound', 'scrypt$1073741824$8$1$c2FsdA==$aGFzaA=='],
    ['pbkdf2 past the iteration bound', 'pbkdf2_sha256$99999999$salt$aGFzaA=='],
    ['pbkdf2 without a hash', 'pbkdf2_sha256$1000$salt$'],
    ['an empty string', ''],
  ])('refuses %s without throwing', async (_case, encoded) => {
    await expect(verifyPassword('x', encoded)).resolves.toBe(false);
    expect(needsRehash(encoded)).toBe(true);
  });

  it('makes random passwords of 20 letters and digits', () => {
    const password = randomPassword();
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(randomPassword()).not.toEqual(password);
  });
});
