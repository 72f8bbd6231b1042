import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyFile, DatabaseEncryption, EncryptionKeyError } from './database-encryption';
import { Fernet } from './fernet';

describe('DatabaseEncryption', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pulp-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key file of one key, for its owner only, and never replaces one', () => {
    const file = join(dir, 'certs', 'database_fields.symmetric.key');
    createKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9_-]{43}=\n$/);
    expect(() => createKeyFile(file)).toThrow(/EEXIST/);
  });

  it('encrypts with the first key and decrypts with any, skipping comments and blank lines', () => {
    const [first, second] = [Fernet.generateKey(), Fernet.generateKey()];
    const file = join(dir, 'keys');
    writeFileSync(file, `# rotated 2026-12\n${first}\n\n  ${second}  \n`);
    const encryption = new DatabaseEncryption(file);
    const token = encryption.encrypt('pässword');
    expect(new Fernet(first).decrypt(token).toString()).toBe('pässword');
    expect(encryption.decrypt(new Fernet(second).encrypt(Buffer.from('old')))).toBe('old');
    expect(
      new Fernet(first).decrypt(encryption.rotate(new Fernet(second).encrypt(Buffer.from('old')))).toString(),
    ).toBe('old');
  });

  it('reads the file once: what a process loaded stays its keys', () => {
    const file = join(dir, 'keys');
    createKeyFile(file);
    const encryption = new DatabaseEncryption(file);
    const token = encryption.encrypt('x');
    rmSync(file);
    expect(encryption.decrypt(token)).toBe('x');
  });

  it.each([
    ['missing', () => {}, /cannot be read \(ENOENT\)/],
    ['a directory', (file: string) => createDirectory(file), /cannot be read \(EISDIR\)/],
    ['empty', (file: string) => writeFileSync(file, '# only a comment\n\n'), /holds no key/],
    ['not a key', (file: string) => writeFileSync(file, `${Fernet.generateKey()}\nnot-a-key\n`), /key 2: /],
  ])('stops with one line naming the file and the way out when the file is %s', (_case, prepare, reason) => {
    const file = join(dir, 'database_fields.symmetric.key');
    prepare(file);
    const load = () => new DatabaseEncryption(file).load();
    expect(load).toThrow(EncryptionKeyError);
    expect(load).toThrow(reason);
    expect(load).toThrow(`The database encryption key file ${file} (DB_ENCRYPTION_KEY)`);
    expect(load).toThrow(`openssl rand -base64 32 > ${file}`);
    expect(load).not.toThrow(/\n/);
  });
});

function createDirectory(path: string): void {
  createKeyFile(join(path, 'inner'));
}
