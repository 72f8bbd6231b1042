import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, TooLargeError, writeHashedFile } from './hashed-file';

describe('writeHashedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hashed-'));
  const chunks = [Buffer.from('abc'), Buffer.from('def')];

  it('writes the stream and computes the digests asked for in the same pass', async () => {
    const file = await writeHashedFile(Readable.from(chunks), dir, ['md5', 'sha256']);
    expect(readFileSync(file.path, 'utf8')).toBe('abcdef');
    expect(file.size).toBe(6);
    expect(file.digests).toEqual({
      md5: createHash('md5').update('abcdef').digest('hex'),
      sha256: createHash('sha256').update('abcdef').digest('hex'),
    });
  });

  it('refuses a stream longer than the limit and leaves no file behind', async () => {
    const before = readdirSync(dir).length;
    await expect(writeHashedFile(Readable.from(chunks), dir, ['sha256'], 4)).rejects.toBeInstanceOf(TooLargeError);
    expect(readdirSync(dir)).toHaveLength(before);
  });

  it('removes the partial file when the source fails', async () => {
    const before = readdirSync(dir).length;
    const failing = new Readable({
      read() {
        this.push('abc');
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(writeHashedFile(failing, dir, ['sha256'])).rejects.toThrow('connection reset');
    expect(readdirSync(dir)).toHaveLength(before);
  });
});

describe('digestOf', () => {
  it("computes a stream's digest", async () => {
    expect(await digestOf(Readable.from([Buffer.from('abc'), Buffer.from('def')]), 'sha256')).toBe(
      createHash('sha256').update('abcdef').digest('hex'),
    );
  });
});
