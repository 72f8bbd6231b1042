import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, FILESYSTEM_STORAGE } from '@pulp/storage/storage-settings';
import { copyArtifactFile } from './storage-migration';

describe('copyArtifactFile', () => {
  let root: string;
  const storageAt = (name: string) => createStorage(FILESYSTEM_STORAGE, { location: join(root, name) });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'migration-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function stored(name: string, bytes: string): Promise<void> {
    const local = join(root, `local-${Math.random()}`);
    await writeFile(local, bytes);
    await storageAt('old').replace(name, local);
  }

  it('copies a file the new storage lacks, and leaves the old one and no spooled copy behind', async () => {
    await stored('artifact/x/ab/cd', 'hello');
    const copied = await copyArtifactFile(
      storageAt('old'),
      storageAt('new'),
      { file: 'artifact/x/ab/cd', size: '5', sha256: 'abcd' },
      join(root, 'work'),
    );
    expect(copied).toBe(true);
    expect(await readFile(join(root, 'new/artifact/x/ab/cd'), 'utf8')).toBe('hello');
    expect(await readFile(join(root, 'old/artifact/x/ab/cd'), 'utf8')).toBe('hello');
    expect(await readdir(join(root, 'work'))).toEqual([]);
  });

  it('skips a file the new storage has at its size (a resumed migration), and replaces a cut-off one', async () => {
    await stored('artifact/ab/cd', 'hello');
    await writeFile(join(root, 'local'), 'hello');
    await storageAt('new').replace('artifact/ab/cd', join(root, 'local'));
    const file = { file: 'artifact/ab/cd', size: 5, sha256: 'abcd' };
    expect(await copyArtifactFile(storageAt('old'), storageAt('new'), file, root)).toBe(false);

    await writeFile(join(root, 'local'), 'he');
    await storageAt('new').replace('artifact/ab/cd', join(root, 'local'));
    expect(await copyArtifactFile(storageAt('old'), storageAt('new'), file, root)).toBe(true);
    expect(await readFile(join(root, 'new/artifact/ab/cd'), 'utf8')).toBe('hello');
  });

  it("fails with Pulp's message when the old storage lacks the file", async () => {
    await expect(
      copyArtifactFile(storageAt('old'), storageAt('new'), { file: 'artifact/ab/cd', size: 5, sha256: 'abcd' }, root),
    ).rejects.toThrow(
      'Found missing file for artifact(sha256=abcd). Please run the repair task or delete the offending artifact.',
    );
  });
});
