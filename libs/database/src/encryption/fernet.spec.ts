import { Fernet, InvalidTokenError, MultiFernet } from './fernet';

/** The Fernet spec's generate.json vector (github.com/fernet/spec). */
const SPEC = {
  secret: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
  now: Date.parse('1985-10-26T01:20:00-07:00') / 1000,
  iv: Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
  src: 'hello',
  token: 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==',
};

/** Written by Python's cryptography 48 (`Fernet(key).encrypt("pässwörd 🔑".encode())`), as Pulp would. */
const FROM_PYTHON = {
  key: '58qAigCeS1rpvosr93rNUM3e7CSkGvCigXfEY1lhuF0=',
  token: 'gAAAAABrFfHuXBctvj6oPG_MgInp-AxXv4oW2I90B2pL9uPU78PYQOtJzbBePnwg7r0TYd0JurJXXQIa_nL7tIWt7_1ifjdAgg==',
  plain: 'pässwörd 🔑',
};

/** A key as `openssl rand -base64 32` writes it (standard alphabet), and a token Python made with it. */
const STANDARD_BASE64 = {
  key: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=',
  token: 'gAAAAABrFfHuwNDYOPmU9bQyNPe0FRtTknTXLB1D-XCYUQwB_UnC4Qv-dKi53PvocyZTRURuGLNvk761ierhR5YZAUa_ysYPOQ==',
  plain: 'standard',
};

describe('Fernet', () => {
  const fernet = new Fernet(SPEC.secret);

  it("makes the spec's token from its key, time, IV and plain text", () => {
    expect(fernet.encrypt(Buffer.from(SPEC.src), SPEC.now, SPEC.iv)).toBe(SPEC.token);
  });

  it("opens the spec's token and one Python's cryptography wrote", () => {
    expect(fernet.decrypt(SPEC.token).toString()).toBe(SPEC.src);
    expect(new Fernet(FROM_PYTHON.key).decrypt(FROM_PYTHON.token).toString()).toBe(FROM_PYTHON.plain);
    expect(new Fernet(STANDARD_BASE64.key).decrypt(STANDARD_BASE64.token).toString()).toBe(STANDARD_BASE64.plain);
  });

  it('round-trips with a random IV, never the same token twice', () => {
    const key = new Fernet(Fernet.generateKey());
    const first = key.encrypt(Buffer.from('hunter2'));
    expect(first).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(first).not.toBe(key.encrypt(Buffer.from('hunter2')));
    expect(key.decrypt(first).toString()).toBe('hunter2');
  });

  it.each([
    ['another key', () => new Fernet(Fernet.generateKey()).encrypt(Buffer.from('x'))],
    ['an altered byte', () => SPEC.token.slice(0, 40) + (SPEC.token[40] === 'A' ? 'B' : 'A') + SPEC.token.slice(41)],
    ['a truncated token', () => SPEC.token.slice(0, 60)],
    ['another version byte', () => 'gQ' + SPEC.token.slice(2)],
    ['characters outside url-safe base64', () => '%%%%' + SPEC.token.slice(4)],
    ['an empty string', () => ''],
    ['plain text', () => 'hunter2'],
  ])('refuses %s', (_case, token) => {
    expect(() => fernet.decrypt(token())).toThrow(InvalidTokenError);
  });

  it('refuses a ciphertext whose padding is wrong, even with a valid HMAC', () => {
    // Another last IV byte changes the last plain byte, the padding; the MAC is made anew.
    const data = Buffer.from(SPEC.token, 'base64url').subarray(0, -32);
    data[9 + 15] ^= 0xff;
    const forged = new Fernet(SPEC.secret) as unknown as { mac(signed: Buffer): Buffer };
    const token = Buffer.concat([data, forged.mac(data)]).toString('base64url');
    expect(() => fernet.decrypt(token)).toThrow(InvalidTokenError);
  });

  it.each(['short', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4==x'])(
    'refuses the key %j',
    (key) => {
      expect(() => new Fernet(key)).toThrow(/32 bytes in base64/);
    },
  );
});

describe('MultiFernet', () => {
  const oldKey = Fernet.generateKey();
  const newKey = Fernet.generateKey();

  it('encrypts with the first key and decrypts with any', () => {
    const underOld = new MultiFernet([oldKey]).encrypt(Buffer.from('secret'));
    const both = new MultiFernet([newKey, oldKey]);
    expect(both.decrypt(underOld).toString()).toBe('secret');
    expect(new Fernet(newKey).decrypt(both.encrypt(Buffer.from('secret'))).toString()).toBe('secret');
  });

  it('rotates a token to the first key, so the old key can go', () => {
    const underOld = new MultiFernet([oldKey]).encrypt(Buffer.from('secret'));
    const rotated = new MultiFernet([newKey, oldKey]).rotate(underOld);
    expect(new MultiFernet([newKey]).decrypt(rotated).toString()).toBe('secret');
    expect(() => new MultiFernet([newKey]).decrypt(underOld)).toThrow(InvalidTokenError);
  });

  it('needs a key', () => {
    expect(() => new MultiFernet([])).toThrow(/At least one/);
  });
});
