import { hashPassword, randomPassword, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  it('verifies the password it hashed and refuses another', async () => {
    const encoded = await hashPassword('s3cret');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('s3cret', encoded)).resolves.toBe(true);
    await expect(verifyPassword('s3cret ', encoded)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toEqual(await hashPassword('same'));
  });

  it('refuses hashes it does not know', async () => {
    await expect(verifyPassword('x', 'pbkdf2_sha256$1$salt$hash')).resolves.toBe(false);
  });

  it('makes random passwords of 20 letters and digits', () => {
    const password = randomPassword();
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(randomPassword()).not.toEqual(password);
  });
});
