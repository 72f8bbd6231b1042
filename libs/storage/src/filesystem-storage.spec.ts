import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { artifactName } from './artifact-storage';
import { FileSystemStorage } from './filesystem-storage';

describe('FileSystemStorage', () => {
  const root = mkdtempSync(join(tmpdir(), 'storage-'));
  const storage = new FileSystemStorage(join(root, 'media'));
  const local = (content: string) => {
    const path = join(root, `local-${Math.random()}`);
    writeFileSync(path, content);
    return path;
  };

  it('names artifacts by sha256, fanned out by the first byte', () => {
    expect(artifactName('abcdef')).toBe('artifact/ab/cdef');
  });

  it("puts a domain's id before the fan-out, as Pulp's get_artifact_path does for domains but `default`", () => {
    expect(artifactName('abcdef', '0190e0b1-0000-7000-8000-000000000000')).toBe(
      'artifact/0190e0b1-0000-7000-8000-000000000000/ab/cdef',
    );
  });

  it('moves a file in, reads it whole or by range, reports its size and deletes it', async () => {
    const source = local('hello world');
    await storage.put('artifact/aa/bb', source);
    expect(existsSync(source)).toBe(false);
    expect(await text(storage.read('artifact/aa/bb'))).toBe('hello world');
    expect(await text(storage.read('artifact/aa/bb', { start: 6, end: 10 }))).toBe('world');
    expect(await storage.size('artifact/aa/bb')).toBe(11);
    await storage.delete('artifact/aa/bb');
    expect(await storage.size('artifact/aa/bb')).toBeUndefined();
    await expect(storage.delete('artifact/aa/bb')).resolves.toBeUndefined();
  });

  it('keeps the stored file when the same name is put again, and drops the new copy', async () => {
    await storage.put('artifact/cc/dd', local('first'));
    const second = local('again');
    await storage.put('artifact/cc/dd', second);
    expect(readFileSync(storage.path('artifact/cc/dd'), 'utf8')).toBe('first');
    expect(existsSync(second)).toBe(false);
  });

  it('replaces a stored file when asked to (a repaired copy)', async () => {
    await storage.put('artifact/ee/ff', local('damaged'));
    await storage.replace('artifact/ee/ff', local('repaired'));
    expect(readFileSync(storage.path('artifact/ee/ff'), 'utf8')).toBe('repaired');
  });

  it('opens a file (or a range of it) before streaming it, and rejects a missing one at once', async () => {
    await storage.put('artifact/ab/cd', local('hello world'));
    expect(await text(await storage.open('artifact/ab/cd', { start: 0, end: 4 }))).toBe('hello');
    await expect(storage.open('artifact/ab/missing')).rejects.toThrow('ENOENT');
    // The filesystem presigns nothing: the content app streams its files.
    expect('signedUrl' in storage).toBe(false);
  });

  it('refuses names that leave the root', () => {
    expect(() => storage.path('../escape')).toThrow('leaves the storage root');
    expect(() => storage.read('artifact/../../escape')).toThrow('leaves the storage root');
  });
});
