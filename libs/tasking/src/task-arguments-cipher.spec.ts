import { TaskArgumentsCipher } from './task-arguments-cipher';

describe('TaskArgumentsCipher', () => {
  const cipher = new TaskArgumentsCipher('a secret key');
  const kwargs = { pk: 'x', data: { password: 'hunter2', client_key: '-----BEGIN PRIVATE KEY-----' } };

  it('round-trips a value without leaving it readable', () => {
    const sealed = cipher.encrypt(kwargs);
    expect(sealed.toString('latin1')).not.toContain('hunter2');
    expect(cipher.decrypt(sealed)).toEqual(kwargs);
    expect(new TaskArgumentsCipher('a secret key').decrypt(sealed)).toEqual(kwargs);
  });

  it('encrypts the same value differently each time (random IV)', () => {
    expect(cipher.encrypt(kwargs).equals(cipher.encrypt(kwargs))).toBe(false);
  });

  it('fails loudly under another key', () => {
    expect(() => new TaskArgumentsCipher('another key').decrypt(cipher.encrypt(kwargs))).toThrow(
      /could not be decrypted/,
    );
  });

  it.each([
    ['the ciphertext', (b: Buffer) => b.length - 1],
    ['the tag', () => 1 + 12],
    ['the IV', () => 1],
  ])('detects a change to %s', (_, at) => {
    const sealed = cipher.encrypt(kwargs);
    sealed[at(sealed)] ^= 0x01;
    expect(() => cipher.decrypt(sealed)).toThrow(/could not be decrypted/);
  });

  it('refuses malformed input and an empty key', () => {
    expect(() => cipher.decrypt(Buffer.from('{}'))).toThrow(/malformed/);
    expect(() => new TaskArgumentsCipher('')).toThrow(/SECRET_KEY/);
  });
});
