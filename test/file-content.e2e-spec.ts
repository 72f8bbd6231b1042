import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminSite, ApiClient, type Answer, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const FILES = `${API}content/file/files/`;
const REPOSITORIES = `${API}repositories/file/file/`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// pulp_file's content: create (general_create) from a file, an artifact, an upload or a URL,
// optionally into a repository; the synchronous upload; the file repository's version rules.
describe('file content', () => {
  let site: TestSite;
  let client: ApiClient;
  let upstream: Server;

  const count = async (table: string) => Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const accepted = async (answer: Answer) => {
    expect(answer).toEqual({ status: 202, body: { task: expect.any(String) } });
    return client.waitForTask(answer.body.task as string);
  };
  const completed = async (answer: Answer) => {
    const task = await accepted(answer);
    expect(task.error).toBeNull();
    expect(task.state).toBe('completed');
    return task;
  };
  /** What a refused request must leave as it was: artifacts, units and tasks. */
  const footprint = async () => [await count('core_artifact'), await count('core_content'), await count('core_task')];
  /** POSTs an urlencoded form, as pulp-cli does when no value is a file. */
  const sendUrlencoded = (path: string, fields: Record<string, string>) =>
    client.call(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const upload = async (bytes: string, fields: Record<string, string>) =>
    (await completed(await client.sendForm(FILES, bytes, fields))).result as Json;
  const repository = async (name: string) => (await client.send(REPOSITORIES, { name })).body as Json;
  const latest = async (repo: Json) => (await client.call(repo.pulp_href as string)).body.latest_version_href as string;
  const paths = async (version: string, filter = 'repository_version') =>
    ((await client.call(`${FILES}?${filter}=${version}&ordering=relative_path`)).body.results as Json[]).map(
      (unit) => `${unit.relative_path}:${unit.sha256}`,
    );
  const modify = (repo: Json, body: Json) => client.send(`${repo.pulp_href}modify/`, body);

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    upstream = createServer((request, response) => {
      if (request.url === '/remote.txt') {
        response.end('remote bytes');
      } else if (request.url === '/private.txt') {
        const expected = `Basic ${Buffer.from('reader:se cret').toString('base64')}`;
        response.statusCode = request.headers.authorization === expected ? 200 : 401;
        response.end(response.statusCode === 200 ? 'private bytes' : '');
      } else {
        response.statusCode = 404;
        response.end();
      }
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => upstream.once('listening', resolve));
  });

  afterAll(async () => {
    upstream?.close();
    await site?.destroy();
  });

  it('creates a unit from a posted file (multipart), the task answering with it', async () => {
    const task = await completed(await client.sendForm(FILES, 'hello', { relative_path: 'greetings/hello.txt' }));
    const unit = task.result as Json;
    const id = (unit.pulp_href as string).split('/').at(-2);
    const [artifact] = await site.query('SELECT pulp_id, md5 FROM core_artifact WHERE sha256 = $1', [sha256('hello')]);
    expect(unit).toEqual({
      pulp_href: `${FILES}${id}/`,
      prn: `prn:file.filecontent:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      pulp_labels: {},
      vuln_report: null,
      artifact: `${API}artifacts/${String(artifact.pulp_id)}/`,
      relative_path: 'greetings/hello.txt',
      md5: artifact.md5,
      sha1: null,
      sha224: expect.any(String),
      sha256: sha256('hello'),
      sha384: expect.any(String),
      sha512: expect.any(String),
    });
    expect(task.name).toBe('pulpcore.app.tasks.base.general_create');
    expect(task.created_resources).toEqual([unit.pulp_href]);
    expect(await client.call(unit.pulp_href as string)).toEqual({ status: 200, body: unit });
    expect(await site.query('SELECT relative_path, digest FROM file_filecontent WHERE content_id = $1', [id])).toEqual([
      { relative_path: 'greetings/hello.txt', digest: sha256('hello') },
    ]);
    expect((await client.call(`${API}content/?pulp_type=file.file`)).body.results).toContainEqual(
      expect.objectContaining({
        pulp_href: unit.pulp_href,
        artifacts: { 'greetings/hello.txt': unit.artifact },
      }),
    );
  });

  it('reuses the unit of the same relative path and digest', async () => {
    const before = await count('core_content');
    const again = await upload('hello', { relative_path: 'greetings/hello.txt' });
    const [first] = (await client.call(`${FILES}?relative_path=greetings/hello.txt`)).body.results as Json[];
    expect(again.pulp_href).toBe(first.pulp_href);
    expect(await count('core_content')).toBe(before);
  });

  it('creates a unit from an artifact, urlencoded, with labels', async () => {
    const artifact = (await client.sendForm(`${API}artifacts/`, 'artifact bytes')).body as Json;
    const unit = (
      await completed(
        await sendUrlencoded(FILES, {
          relative_path: 'from-artifact.txt',
          artifact: artifact.pulp_href as string,
          pulp_labels: '{"env": "test"}',
        }),
      )
    ).result as Json;
    expect(unit).toMatchObject({
      artifact: artifact.pulp_href,
      relative_path: 'from-artifact.txt',
      sha256: sha256('artifact bytes'),
      pulp_labels: { env: 'test' },
    });
  });

  it('creates a unit from a chunked upload, which the task consumes', async () => {
    const href = (await client.send(`${API}uploads/`, { size: 12 })).body.pulp_href as string;
    for (const [data, range] of [
      ['chunk ', 'bytes 0-5/12'],
      ['bytes!', 'bytes 6-11/12'],
    ]) {
      const put = await client.sendForm(href, data, {}, { method: 'PUT', headers: { 'content-range': range } });
      expect(put.status).toBe(200);
    }
    const task = await completed(
      await client.sendForm(FILES, undefined, { relative_path: 'chunked.txt', upload: href }),
    );
    expect(task.result).toMatchObject({ relative_path: 'chunked.txt', sha256: sha256('chunk bytes!') });
    expect(task.reserved_resources_record).toContain(`prn:core.upload:${href.split('/').at(-2)}`);
    expect((await client.call(href)).status).toBe(404);
  });

  it('creates a unit from a URL the task downloads', async () => {
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/remote.txt`;
    const unit = (await completed(await sendUrlencoded(FILES, { relative_path: 'remote.txt', file_url: url })))
      .result as Json;
    expect(unit).toMatchObject({ relative_path: 'remote.txt', sha256: sha256('remote bytes') });
    const missing = await accepted(await sendUrlencoded(FILES, { relative_path: 'gone.txt', file_url: `${url}x` }));
    expect(missing.state).toBe('failed');
  });

  it('hands credentials in the URL to the downloader, keeping them out of the stored URL', async () => {
    const port = (upstream.address() as AddressInfo).port;
    const answer = await sendUrlencoded(FILES, {
      relative_path: 'private.txt',
      file_url: `http://reader:se%20cret@127.0.0.1:${port}/private.txt`,
    });
    const task = await completed(answer);
    expect(task.result).toMatchObject({ relative_path: 'private.txt', sha256: sha256('private bytes') });
    const [stored] = await site.query<{ text: string; enc_kwargs: string }>(
      'SELECT row_to_json(t)::text AS text, enc_kwargs FROM core_task t WHERE pulp_id = $1',
      [(answer.body.task as string).split('/').at(-2)],
    );
    // The row shows neither the URL nor the credentials (encrypted arguments); inside, the URL is bare.
    expect(stored.text).not.toMatch(/reader|se%20cret|se cret/);
    const kwargs = site.encryption.decrypt(stored.enc_kwargs);
    expect(kwargs).toContain(`"http://127.0.0.1:${port}/private.txt"`);
    expect(kwargs).not.toContain('reader:se');
  });

  it.each([
    ['file:///etc/passwd', "The path '/etc/passwd' does not start with any of the allowed import paths"],
    ['file://etc/passwd', "The path 'etc/passwd' needs to be an absolute pathname."],
    ['ftp://example.com/x', "The URL scheme 'ftp' is not supported; use http, https or file."],
    ['not a url', 'Enter a valid URL.'],
  ])('refuses the file_url %j, storing and queueing nothing', async (url, message) => {
    const before = await footprint();
    for (const target of [FILES, `${FILES}upload/`]) {
      expect(await sendUrlencoded(target, { relative_path: 'refused.txt', file_url: url })).toEqual({
        status: 400,
        body: { file_url: [message] },
      });
    }
    expect(await footprint()).toEqual(before);
  });

  it('checks a file:// URL again in the task, whose settings may have changed since the request', async () => {
    const imports = mkdtempSync(join(tmpdir(), 'content-imports-'));
    writeFileSync(join(imports, 'local.txt'), 'local bytes');
    const other = await adminSite({ ALLOWED_IMPORT_PATHS: [imports] }, { worker: false });
    try {
      await other.site.start('worker', { env: { PULP_ALLOWED_IMPORT_PATHS: '["/nowhere"]' } });
      const answer = await other.client.sendForm(FILES, undefined, {
        relative_path: 'local.txt',
        file_url: `file://${imports}/local.txt`,
      });
      expect(answer.status).toBe(202);
      const task = await other.client.waitForTask(answer.body.task as string);
      expect(task.state).toBe('failed');
      expect(JSON.stringify(task.error)).toContain(
        `The path '${imports}/local.txt' does not start with any of the allowed import paths`,
      );
      expect(await other.site.count('core_artifact')).toBe(0);
    } finally {
      await other.site.destroy();
    }
  });

  it('does not know hidden repositories (an ACS’s)', async () => {
    const hidden = await repository('hidden-content');
    await site.query('UPDATE core_repository SET user_hidden = true WHERE pulp_id = $1', [
      (hidden.pulp_href as string).split('/').at(-2),
    ]);
    const before = await footprint();
    expect(
      await client.sendForm(FILES, 'hidden bytes', {
        relative_path: 'hidden.txt',
        repository: hidden.pulp_href as string,
      }),
    ).toEqual({ status: 400, body: { repository: ['Invalid hyperlink - Object does not exist.'] } });
    expect(await footprint()).toEqual(before);
  });

  it('uploads synchronously (201 with the unit)', async () => {
    const { status, body } = await client.sendForm(`${FILES}upload/`, 'sync bytes', {
      relative_path: 'sync.txt',
      pulp_labels: '{"kind": "sync"}',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      relative_path: 'sync.txt',
      sha256: sha256('sync bytes'),
      pulp_labels: { kind: 'sync' },
    });
    expect((await client.call(body.pulp_href as string)).body).toEqual(body);
  });

  it.each([
    ['/etc/passwd', "Relative path can't start with '/'."],
    ['../escape.txt', "Relative path must not contain '.' or '..' segments."],
    ['a/./b', "Relative path must not contain '.' or '..' segments."],
    ['a//b', 'Relative path must not contain empty segments.'],
    ['dir/', 'Relative path must not contain empty segments.'],
    // DRF's CharField refuses NUL before the field's own checks.
    ['nul\u0000byte', 'Null characters are not allowed.'],
    ['tab\tbyte', 'Relative path must not contain control characters.'],
    ['back\\slash', "Relative path must not contain '\\'."],
    ['with space.txt', "Relative path must not contain whitespace, '?' or '#'."],
    ['what?.txt', "Relative path must not contain whitespace, '?' or '#'."],
    ['anchor#1.txt', "Relative path must not contain whitespace, '?' or '#'."],
  ])('refuses the relative path %j, storing nothing', async (path, message) => {
    const before = await footprint();
    const bytes = `unsafe ${path}`;
    for (const target of [FILES, `${FILES}upload/`]) {
      expect(await client.sendForm(target, bytes, { relative_path: path })).toEqual({
        status: 400,
        body: { relative_path: [message] },
      });
    }
    expect(await footprint()).toEqual(before);
  });

  it('wants exactly one of file, upload, artifact and file_url', async () => {
    const artifact = (await client.call(`${API}artifacts/?sha256=${sha256('hello')}`)).body.results[0] as Json;
    const before = await footprint();
    const refusal = {
      status: 400,
      body: { non_field_errors: ["Exactly one of 'file', 'upload', 'artifact' or 'file_url' must be specified."] },
    };
    expect(await sendUrlencoded(FILES, { relative_path: 'none.txt' })).toEqual(refusal);
    expect(
      await client.sendForm(FILES, 'two sources', { relative_path: 'two.txt', artifact: artifact.pulp_href }),
    ).toEqual(refusal);
    expect(await client.sendForm(`${FILES}upload/`, undefined, { relative_path: 'none.txt' })).toEqual(refusal);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a repository of another type, and unknown references', async () => {
    const keyring = (await client.send(`${API}repositories/core/openpgp_keyring/`, { name: 'keys' })).body as Json;
    const before = [await count('core_artifact'), await count('core_task')];
    expect(
      await client.sendForm(FILES, 'not for keyrings', { relative_path: 'k.txt', repository: keyring.pulp_href }),
    ).toEqual({ status: 400, body: { non_field_errors: ['Content is not supported by this repository.'] } });
    expect(
      await sendUrlencoded(FILES, {
        relative_path: 'k.txt',
        artifact: `${API}artifacts/0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f/`,
      }),
    ).toEqual({ status: 400, body: { artifact: ['Invalid hyperlink - Object does not exist.'] } });
    expect([await count('core_artifact'), await count('core_task')]).toEqual(before);
  });

  it('adds a created unit to a repository in a new version; the same path replaces the unit there', async () => {
    const repo = await repository('files');
    const first = await completed(
      await client.sendForm(FILES, 'v1', { relative_path: 'doc.txt', repository: repo.pulp_href }),
    );
    const v1 = `${repo.pulp_href}versions/1/`;
    expect(await latest(repo)).toBe(v1);
    expect(first.created_resources).toHaveLength(2);
    expect(first.created_resources).toEqual(expect.arrayContaining([v1, (first.result as Json).pulp_href]));
    expect(first.reserved_resources_record).toContain(repo.prn);
    await completed(await client.sendForm(FILES, 'other', { relative_path: 'other.txt', repository: repo.pulp_href }));

    await completed(await client.sendForm(FILES, 'v2', { relative_path: 'doc.txt', repository: repo.pulp_href }));
    const v3 = `${repo.pulp_href}versions/3/`;
    expect(await paths(v3)).toEqual([`doc.txt:${sha256('v2')}`, `other.txt:${sha256('other')}`]);
    expect(await paths(v3, 'repository_version_removed')).toEqual([`doc.txt:${sha256('v1')}`]);
    expect(await paths(v3, 'repository_version_added')).toEqual([`doc.txt:${sha256('v2')}`]);
    const [summary] = await site.query(
      'SELECT content_summary FROM core_repositoryversion WHERE repository_id = $1 AND number = 3',
      [(repo.pulp_href as string).split('/').at(-2)],
    );
    expect(summary.content_summary).toEqual({
      added: { 'file.file': 1 },
      removed: { 'file.file': 1 },
      present: { 'file.file': 2 },
    });

    // overwrite=false: the task fails and makes no version (the unit itself stays, as in Pulp).
    const refused = await accepted(
      await client.sendForm(FILES, 'v3', { relative_path: 'doc.txt', repository: repo.pulp_href, overwrite: 'false' }),
    );
    expect(refused.state).toBe('failed');
    expect(refused.error.description).toContain("relative_path 'doc.txt'");
    expect(await latest(repo)).toBe(v3);
  });

  it('fails a version whose paths nest, making no version', async () => {
    const repo = await repository('nesting');
    await completed(await client.sendForm(FILES, 'leaf', { relative_path: 'tree/leaf', repository: repo.pulp_href }));
    const failed = await accepted(
      await client.sendForm(FILES, 'trunk', { relative_path: 'tree', repository: repo.pulp_href }),
    );
    expect(failed.state).toBe('failed');
    expect(failed.error.description).toBe("Repository version errors : The path for file 'tree/leaf' overlaps: tree");
    expect(await latest(repo)).toBe(`${repo.pulp_href}versions/1/`);
    expect(await count(`core_repositoryversion WHERE repository_id = '${repo.pulp_href.split('/').at(-2)}'`)).toBe(2);
  });

  it('replaces the unit at the same path on modify, unless overwrite is false', async () => {
    const repo = await repository('modified');
    const old = await upload('old', { relative_path: 'same.txt' });
    const fresh = await upload('new', { relative_path: 'same.txt' });
    await completed(await modify(repo, { add_content_units: [old.pulp_href] }));
    const refused = await accepted(await modify(repo, { add_content_units: [fresh.pulp_href], overwrite: false }));
    expect(refused.state).toBe('failed');
    expect(await latest(repo)).toBe(`${repo.pulp_href}versions/1/`);

    const task = await completed(await modify(repo, { add_content_units: [fresh.pulp_href] }));
    expect(task.created_resources).toEqual([`${repo.pulp_href}versions/2/`]);
    expect(await paths(`${repo.pulp_href}versions/2/`)).toEqual([`same.txt:${sha256('new')}`]);

    // Two units at one path added at once: neither wins.
    const third = await upload('third', { relative_path: 'same.txt' });
    const both = await accepted(await modify(repo, { add_content_units: [old.pulp_href, third.pulp_href] }));
    expect(both.state).toBe('failed');
    expect(both.error.description).toContain(
      'More than one file.file content with the duplicate values for relative_path.',
    );
  });

  it('filters by relative path, sha256 and repository version', async () => {
    const byPath = (await client.call(`${FILES}?relative_path=sync.txt`)).body as Json;
    expect(byPath.count).toBe(1);
    expect(byPath.results[0].sha256).toBe(sha256('sync bytes'));
    const bySha = (await client.call(`${FILES}?sha256=${sha256('remote bytes')}`)).body as Json;
    expect(bySha.results.map((unit: Json) => unit.relative_path)).toEqual(['remote.txt']);
    expect((await client.call(`${FILES}?relative_path=nothing-here`)).body.count).toBe(0);
    const repo = (await client.call(`${REPOSITORIES}?name=files`)).body.results[0] as Json;
    expect(await paths(`${repo.pulp_href}versions/1/`)).toEqual([`doc.txt:${sha256('v1')}`]);
    expect((await client.call(`${FILES}?sha256=not-hex&limit=1`)).body.count).toBe(0);
  });

  it('sets and unsets labels (201)', async () => {
    const [unit] = (await client.call(`${FILES}?relative_path=sync.txt`)).body.results as Json[];
    expect(await client.send(`${unit.pulp_href}set_label/`, { key: 'tier', value: 'gold' })).toEqual({
      status: 201,
      body: { key: 'tier', value: 'gold' },
    });
    expect((await client.call(unit.pulp_href as string)).body.pulp_labels).toEqual({ kind: 'sync', tier: 'gold' });
    expect(await client.send(`${unit.pulp_href}unset_label/`, { key: 'tier' })).toEqual({
      status: 201,
      body: { key: 'tier', value: 'gold' },
    });
    expect((await client.call(`${FILES}not-a-uuid/`)).status).toBe(404);
  });
});
