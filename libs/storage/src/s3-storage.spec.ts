import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { S3Server } from '../../../test/support/s3-server';
import { S3Storage } from './s3-storage';
import { parseStorageSettings, S3_STORAGE } from './storage-settings';

/** The driver against a real S3 server (s3rver on 127.0.0.1), never a mock of the SDK. */
describe('S3Storage', () => {
  const dir = mkdtempSync(join(tmpdir(), 's3-storage-'));
  let server: S3Server;
  let storage: S3Storage;
  const local = (content: string | Buffer) => {
    const path = join(dir, `local-${Math.random()}`);
    writeFileSync(path, content);
    return path;
  };
  const driver = (options: Record<string, unknown> = {}) => {
    const parsed = parseStorageSettings(S3_STORAGE, server.storages(options).default.OPTIONS);
    if ('errors' in parsed) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    return new S3Storage(parsed.settings);
  };

  beforeAll(async () => {
    server = await S3Server.start();
    storage = driver({ location: 'media' });
  });
  afterAll(() => server.close());

  it('uploads a file under its location, reads it whole or by range, reports its size and deletes it', async () => {
    const source = local('hello world');
    await storage.put('artifact/aa/bb', source);
    expect(existsSync(source)).toBe(false);
    expect(await server.keys()).toContain('media/artifact/aa/bb');
    expect(await text(storage.read('artifact/aa/bb'))).toBe('hello world');
    expect(await text(await storage.open('artifact/aa/bb', { start: 6, end: 10 }))).toBe('world');
    expect(await storage.size('artifact/aa/bb')).toBe(11);
    await storage.delete('artifact/aa/bb');
    expect(await storage.size('artifact/aa/bb')).toBeUndefined();
    await expect(storage.delete('artifact/aa/bb')).resolves.toBeUndefined();
  });

  it('keeps the stored object when the same name is put again, and replaces it when asked to', async () => {
    await storage.put('artifact/cc/dd', local('first'));
    const second = local('again');
    await storage.put('artifact/cc/dd', second);
    expect(existsSync(second)).toBe(false);
    expect(await text(storage.read('artifact/cc/dd'))).toBe('first');
    await storage.replace('artifact/cc/dd', local('repaired'));
    expect(await text(storage.read('artifact/cc/dd'))).toBe('repaired');
  });

  it('replaces a stored object of the wrong size when the same name is put (a write cut off)', async () => {
    await server.put('media/artifact/cc/ee', Buffer.alloc(0));
    expect(await storage.put('artifact/cc/ee', local('whole'))).toBe(true);
    expect(await text(storage.read('artifact/cc/ee'))).toBe('whole');
    expect(await storage.put('artifact/cc/ee', local('whole'))).toBe(false);
  });

  it('streams a multipart upload in parts and reads it back intact', async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const multipart = driver({ transfer_config: { multipart_chunksize: 5 * 1024 * 1024 } });
    await multipart.put('artifact/ee/ff', local(bytes));
    expect((await buffer(multipart.read('artifact/ee/ff'))).equals(bytes)).toBe(true);
  });

  it('leaves no object when an upload fails midway', async () => {
    const multipart = driver({ transfer_config: { multipart_chunksize: 5 * 1024 * 1024 } });
    // A spool file that cannot be read fails at once; a source that fails after a part is sent
    // fails the multipart upload, which is aborted: either way S3 has nothing under the name.
    const missing = join(dir, 'no-such-file');
    await expect(multipart.put('artifact/gg/hh', missing)).rejects.toThrow('ENOENT');
    expect(await server.keys('media/artifact/gg')).toEqual([]);
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent++ < 6) {
          this.push(randomBytes(1024 * 1024));
        } else {
          this.destroy(new Error('spool read failed'));
        }
      },
    });
    await expect(multipart.upload('artifact/gg/hh', failing)).rejects.toThrow('spool read failed');
    expect(await server.keys('media/artifact/gg')).toEqual([]);
  });

  it('rejects opening a missing object before anything is streamed', async () => {
    await expect(storage.open('artifact/no/such')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(text(storage.read('artifact/no/such'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('presigns GET and HEAD URLs that answer with the headers asked for', async () => {
    await storage.put('artifact/ab/cd', local('hello world'));
    const headers = { 'Content-Disposition': 'attachment;filename=a.txt', 'Content-Type': 'text/plain' };
    const get = await storage.signedUrl('artifact/ab/cd', { method: 'GET', headers });
    const response = await fetch(get);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment;filename=a.txt');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('hello world');
    const head = await storage.signedUrl('artifact/ab/cd', { method: 'HEAD', headers });
    expect((await fetch(head, { method: 'HEAD' })).status).toBe(200);
    expect(head).not.toBe(get);
    expect(new URL(get).searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  it('applies default_acl and object_parameters to uploads, and querystring_expire to URLs', async () => {
    const configured = driver({
      default_acl: 'private',
      object_parameters: { CacheControl: 'max-age=60' },
      querystring_expire: 600,
    });
    await configured.put('artifact/ac/l0', local('acl'));
    const url = await configured.signedUrl('artifact/ac/l0', { method: 'GET', headers: {} });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('600');
    const response = await fetch(url);
    expect(response.headers.get('cache-control')).toBe('max-age=60');
    expect(await response.text()).toBe('acl');
  });

  it('probes its bucket', async () => {
    await expect(storage.probe()).resolves.toBeUndefined();
    await expect(driver({ bucket_name: 'no-such-bucket' }).probe()).rejects.toThrow(
      'S3 bucket "no-such-bucket" does not exist',
    );
  });

  it('refuses options it does not implement rather than ignoring them', () => {
    expect(() => driver({ custom_domain: 'cdn.example.com' })).toThrow('custom_domain');
    expect(() => driver({ signature_version: 's3' })).toThrow('signature_version');
  });
});
