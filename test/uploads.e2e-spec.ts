import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

describe('chunked uploads', () => {
  let site: TestSite;
  let client: ApiClient;

  const call = (path: string, init: RequestInit = {}) => client.call(path, init);
  const post = (path: string, body: unknown) => client.send(path, body);
  const create = async (size: number) => (await post(`${API}uploads/`, { size })).body.pulp_href as string;
  const chunk = (href: string, data: string, range: string | undefined, fields: Record<string, string> = {}) =>
    client.sendForm(href, data, fields, { method: 'PUT', headers: range ? { 'content-range': range } : {} });
  const chunksOf = async (href: string) => (await call(href)).body.chunks as Json[];
  const commit = async (href: string, digest: string) => {
    const { status, body } = await post(`${href}commit/`, { sha256: digest });
    expect(status).toBe(202);
    expect(Object.keys(body)).toEqual(['task']);
    return client.waitForTask(body.task);
  };
  const artifactCount = async () => Number((await site.query('SELECT count(*) AS n FROM core_artifact'))[0].n);
  const chunkFiles = (href: string) => {
    const dir = join(site.dir, 'media', 'upload', href.split('/').at(-2)!);
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite());
  });

  afterAll(() => site?.destroy());

  it('creates an upload from JSON or a form, and validates its size', async () => {
    const { status, body } = await post(`${API}uploads/`, { size: 20 });
    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual(['prn', 'pulp_created', 'pulp_href', 'pulp_last_updated', 'size']);
    expect(body.size).toBe(20);
    const fromForm = await call(`${API}uploads/`, {
      method: 'POST',
      body: 'size=7',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(fromForm.body.size).toBe(7);
    expect(await post(`${API}uploads/`, {})).toEqual({ status: 400, body: { size: ['This field is required.'] } });
    expect(await post(`${API}uploads/`, { size: -1 })).toEqual({
      status: 400,
      body: { size: ['Ensure this value is greater than or equal to 0.'] },
    });
    const listed = await call(`${API}uploads/?size__gt=10`);
    expect(listed.body.results.map((u: Json) => u.size)).toEqual([20]);
  });

  it('refuses bad chunks and keeps what it had', async () => {
    const href = await create(20);
    expect((await chunk(href, '0123456789', 'bytes 0-9/20')).status).toBe(200);
    const refusals: Array<[string, string | undefined, Record<string, string>, string]> = [
      ['abcdefghij', undefined, {}, 'Invalid or missing content range header.'],
      ['abcdefghij', 'bytes 10-19', {}, 'Invalid or missing content range header.'],
      ['abcdefghij', 'bytes 10-18/20', {}, 'Chunk size does not match content range.'],
      ['abcdefghij', 'bytes 15-24/20', {}, 'End byte is greater than upload size.'],
      ['abcdefghij', 'bytes 5-14/20', {}, 'Chunk overlaps the chunk at bytes 0-9.'],
      ['abcdefghij', 'bytes 10-19/20', { sha256: sha256('other') }, 'Checksum does not match chunk upload.'],
    ];
    for (const [data, range, fields, message] of refusals) {
      expect(await chunk(href, data, range, fields)).toEqual({ status: 400, body: [message] });
    }
    expect(await chunksOf(href)).toEqual([{ offset: 0, size: 10 }]);
    expect(chunkFiles(href)).toEqual([expect.stringMatching(/^0-/)]);
    expect((await chunk(`${API}uploads/0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f/`, 'x', 'bytes 0-0/1')).status).toBe(404);
  });

  it('commits chunks sent in any order (a resent chunk replaces its first try) into an artifact', async () => {
    const href = await create(20);
    expect((await chunk(href, 'KLMNOPQRST', 'bytes 10-19/20', { sha256: sha256('KLMNOPQRST') })).status).toBe(200);
    expect((await chunk(href, 'xxxxxxxxxx', 'bytes 0-9/*')).status).toBe(200);
    const resent = await chunk(href, 'ABCDEFGHIJ', 'bytes 0-9/20');
    expect(resent.body.size).toBe(20);
    // The replaced chunk's file is gone: one file per chunk.
    expect(chunkFiles(href)).toHaveLength(2);
    expect(await chunksOf(href)).toEqual([
      { offset: 0, size: 10 },
      { offset: 10, size: 10 },
    ]);

    const task = await commit(href, sha256('ABCDEFGHIJKLMNOPQRST'));
    expect(task.state).toBe('completed');
    expect(task.result).toBeNull();
    const artifact = (await call(task.created_resources[0])).body;
    expect(artifact).toMatchObject({ size: 20, sha256: sha256('ABCDEFGHIJKLMNOPQRST') });
    expect(readFileSync(join(site.dir, 'media', artifact.file), 'utf8')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect((await call(href)).status).toBe(404);
    expect(chunkFiles(href)).toEqual([]);

    // The same bytes again: the existing artifact is the result.
    const again = await create(20);
    await chunk(again, 'ABCDEFGHIJKLMNOPQRST', 'bytes 0-19/20');
    const second = await commit(again, sha256('ABCDEFGHIJKLMNOPQRST'));
    expect(second.state).toBe('completed');
    expect(second.created_resources).toEqual([artifact.pulp_href]);
  });

  it('fails the commit on a wrong checksum or a missing chunk, creating no artifact', async () => {
    const before = await artifactCount();
    const wrong = await create(4);
    await chunk(wrong, 'abcd', 'bytes 0-3/4');
    const mismatch = await commit(wrong, sha256('dcba'));
    expect(mismatch.state).toBe('failed');
    expect(mismatch.error.description).toContain('The sha256 checksum did not match.');

    const partial = await create(20);
    await chunk(partial, '0123456789', 'bytes 0-9/20');
    const incomplete = await commit(partial, sha256('whatever'));
    expect(incomplete.state).toBe('failed');
    expect(incomplete.error.description).toContain('The upload is incomplete: bytes 10-19 are missing.');

    expect(await artifactCount()).toBe(before);
    expect(readdirSync(join(site.dir, 'tmp')).filter((name) => name.startsWith('upload-'))).toEqual([]);
  });

  it('deletes an upload with its chunks', async () => {
    const href = await create(10);
    await chunk(href, '0123456789', 'bytes 0-9/10');
    expect(chunkFiles(href)).toHaveLength(1);
    expect((await call(href, { method: 'DELETE' })).status).toBe(204);
    expect((await call(href)).status).toBe(404);
    expect(chunkFiles(href)).toEqual([]);
  });
});
