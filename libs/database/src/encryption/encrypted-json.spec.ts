import { Fernet } from './fernet';
import { DatabaseEncryption } from './database-encryption';
import { decryptJson, encryptJson } from './encrypted-json';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('encryptJson', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pulp-key-')), 'key');
  writeFileSync(file, `${Fernet.generateKey()}\n`);
  const encryption = new DatabaseEncryption(file);

  it("keeps the shape and turns every leaf into a token of its JSON, as Pulp's EncryptedJSONField", () => {
    const value = { secret: 'pässword', port: 9000, on: true, none: null, list: ['a', { b: 1 }], empty: {} };
    const sealed = encryptJson(value, encryption) as Record<string, any>;
    expect(Object.keys(sealed)).toEqual(Object.keys(value));
    expect(sealed.empty).toEqual({});
    expect(typeof sealed.list[1].b).toBe('string');
    expect(encryption.decrypt(sealed.secret as string)).toBe('"pässword"');
    expect(encryption.decrypt(sealed.none as string)).toBe('null');
    expect(JSON.stringify(sealed)).not.toContain('pässword');
    expect(decryptJson(sealed, encryption)).toEqual(value);
  });
});
