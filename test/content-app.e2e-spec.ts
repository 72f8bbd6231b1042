import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { adminSite, type ApiClient } from './support/api-client';
import { completed, distribute, distributedFiles, publishedRepository, uploadedFile } from './support/distribute';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const P = '/pulp/content/';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const SMALL = Buffer.from('hello, content app\n');
// Above the in-memory limit: streamed from storage on every request.
const LARGE = randomBytes(300 * 1024);
const INDEX = Buffer.from('<html>welcome</html>\n');

// pulpcore-content serving published file repositories (content-app spec §1–5, §10).
describe('content app', () => {
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;
  let base: string;

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(base, path, { method, headers });
  const upload = (relativePath: string, data: Buffer) => uploadedFile(client, relativePath, data);
  /** A repository holding `files`, published (autopublish) and distributed at `basePath`. */
  const distributed = (basePath: string, files: Record<string, Buffer>) => distributedFiles(client, basePath, files);

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    content = await site.start('content');
    base = content.baseUrl!;
    await distributed('files', {
      'hello.txt': SMALL,
      'big/large.bin': LARGE,
      'site/index.html': INDEX,
      'dir/sub/a.txt': Buffer.from('a'),
    });
  });

  afterAll(() => site?.destroy());

  it('serves a published file byte-exact, with the headers package managers rely on', async () => {
    for (const [path, data, type] of [
      ['hello.txt', SMALL, 'text/plain'],
      ['big/large.bin', LARGE, 'application/octet-stream'],
    ] as const) {
      const answer = await get(`${P}files/${path}`);
      expect(answer.status).toBe(200);
      expect(answer.body.equals(data)).toBe(true);
      expect(answer.headers).toMatchObject({
        'content-type': type,
        'content-length': String(data.length),
        etag: `"${sha256(data)}"`,
        'accept-ranges': 'bytes',
        'x-pulp-artifact-size': String(data.length),
      });
      expect(Date.parse(answer.headers['last-modified'] as string)).toBeGreaterThan(Date.now() - 3_600_000);
      expect(answer.headers['content-disposition']).toBeUndefined();
    }
  });

  it('answers HEAD with the same headers and no body, and HEAD of the root as the health check', async () => {
    const head = await get(`${P}files/big/large.bin`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(LARGE.length));
    expect(head.body.length).toBe(0);
    const health = await get(P, {}, 'HEAD');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toBe('text/html');
    expect(health.body.length).toBe(0);
  });

  it.each([
    ['small (from memory)', 'hello.txt', SMALL],
    ['large (from storage)', 'big/large.bin', LARGE],
  ])(
    'serves single byte ranges of a %s file: first bytes, middle, suffix, unsatisfiable',
    async (_kind, path, data) => {
      const size = data.length;
      const cases: Array<[string, number, number]> = [
        ['bytes=0-9', 0, 9],
        ['bytes=5-12', 5, 12],
        ['bytes=-7', size - 7, size - 1],
        [`bytes=${size - 3}-`, size - 3, size - 1],
      ];
      for (const [range, start, end] of cases) {
        const answer = await get(`${P}files/${path}`, { range });
        expect(answer.status).toBe(206);
        expect(answer.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
        expect(answer.headers['content-length']).toBe(String(end - start + 1));
        expect(answer.body.equals(data.subarray(start, end + 1))).toBe(true);
      }
      for (const range of [`bytes=${size}-`, 'bytes=9-2', 'bytes=0-1,4-5']) {
        const refused = await get(`${P}files/${path}`, { range });
        expect(refused.status).toBe(416);
        expect(refused.headers['content-range']).toBe(`bytes */${size}`);
      }
    },
  );

  it('answers conditional requests with 304 (ETag, date) and 412', async () => {
    const first = await get(`${P}files/hello.txt`);
    const etag = first.headers.etag as string;
    const notModified = await get(`${P}files/hello.txt`, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    expect((await get(`${P}files/hello.txt`, { 'if-none-match': '"other"' })).status).toBe(200);
    const since = first.headers['last-modified'] as string;
    expect((await get(`${P}files/hello.txt`, { 'if-modified-since': since })).status).toBe(304);
    expect((await get(`${P}files/hello.txt`, { 'if-match': '"other"' })).status).toBe(412);
    // A range of a file that changed since the client's copy is the whole new file.
    const stale = await get(`${P}files/hello.txt`, { range: 'bytes=0-1', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(SMALL)).toBe(true);
  });

  it('ignores a Range in a unit other than bytes, or an empty one (RFC 9110 §14.2): the whole file', async () => {
    for (const range of ['items=0-5', 'pages=1-2', '']) {
      const answer = await get(`${P}files/hello.txt`, { range });
      expect([range, answer.status]).toEqual([range, 200]);
      expect(answer.body.equals(SMALL)).toBe(true);
      expect(answer.headers['content-range']).toBeUndefined();
    }
    const upper = await get(`${P}files/hello.txt`, { range: 'Bytes=0-4' });
    expect([upper.status, upper.body.toString()]).toEqual([206, 'hello']);
  });

  it('compares If-Match strongly: a weak ETag of the very file fails, `*` passes', async () => {
    const etag = `"${sha256(SMALL)}"`;
    for (const [ifMatch, status] of [
      [`W/${etag}`, 412],
      [`"other", W/${etag}`, 412],
      [etag, 200],
      [`"other", ${etag}`, 200],
      ['*', 200],
    ] as const) {
      expect([ifMatch, (await get(`${P}files/hello.txt`, { 'if-match': ifMatch })).status]).toEqual([ifMatch, status]);
    }
    // If-None-Match compares weakly.
    expect((await get(`${P}files/hello.txt`, { 'if-none-match': `W/${etag}` })).status).toBe(304);
  });

  it('answers HEAD with the status and headers of GET, Content-Length included, whatever the answer', async () => {
    const etag = `"${sha256(SMALL)}"`;
    const cases: Array<[string, Record<string, string>, number]> = [
      [`${P}files/dir`, {}, 301],
      ['/pulp/content', {}, 301],
      [`${P}files/hello.txt`, { 'if-match': '"other"' }, 412],
      [`${P}files/hello.txt`, { 'if-unmodified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }, 412],
      [`${P}files/hello.txt`, { range: 'bytes=9999-' }, 416],
      [`${P}files/big/large.bin`, { range: 'bytes=5-2' }, 416],
      [`${P}files/hello.txt`, { 'if-none-match': etag }, 304],
      [`${P}files/missing.txt`, {}, 404],
      [`${P}files/hello.txt`, { range: 'bytes=2-5' }, 206],
      [`${P}files/hello.txt`, {}, 200],
    ];
    // What differs by nature between two answers.
    const comparable = (headers: Record<string, unknown>) => {
      const { date: _date, 'correlation-id': _id, ...rest } = headers;
      return rest;
    };
    for (const [path, headers, status] of cases) {
      const got = await get(path, headers);
      const head = await get(path, headers, 'HEAD');
      expect([path, headers, got.status, head.status]).toEqual([path, headers, status, status]);
      expect(comparable(head.headers)).toEqual(comparable(got.headers));
      expect(head.body.length).toBe(0);
      if (status === 304) {
        expect(got.headers['content-length']).toBeUndefined();
      } else {
        expect(Number(head.headers['content-length'])).toBe(got.body.length);
      }
    }
  });

  it('names content types as Pulp does, with no Content-Encoding for compressed files', async () => {
    const types: Record<string, string> = {
      'app.js': 'application/javascript',
      'pkg.tar.gz': 'application/gzip',
      'pkg.tgz': 'application/octet-stream',
      'repodata/primary.xml.zstd': 'application/zstd',
      'PHOTO.JPG': 'image/jpeg',
      'icon.bmp': 'image/x-ms-bmp',
      'pkg-1.0.rpm': 'application/octet-stream',
      'notes.halabala': 'application/octet-stream',
    };
    await distributed(
      'types',
      Object.fromEntries(Object.keys(types).map((path) => [path, Buffer.from(`bytes of ${path}`)])),
    );
    for (const [path, type] of Object.entries(types)) {
      for (const method of ['GET', 'HEAD']) {
        const answer = await get(`${P}types/${path}`, {}, method);
        expect([path, method, answer.status, answer.headers['content-type']]).toEqual([path, method, 200, type]);
        expect(answer.headers['content-encoding']).toBeUndefined();
      }
    }
  });

  it('lists distributions, a distribution and its directories as Pulp renders them', async () => {
    const root = await get(P);
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toBe('text/html');
    expect(root.body.toString()).toContain('<h1>Index of /pulp/content/</h1>');
    expect(root.body.toString()).toContain('<a href="./files/">files/</a>');
    expect(root.body.toString()).not.toContain('<a href="../">');

    const listing = (await get(`${P}files/`)).body.toString();
    expect(listing).toContain('<title>Index of /pulp/content/files/</title>');
    expect(listing).toContain('<a href="../">../</a>');
    for (const entry of ['big/', 'dir/', 'site/', 'PULP_MANIFEST']) {
      expect(listing).toContain(`<a href="./${entry}">${entry}</a>`);
    }
    expect(listing).toMatch(
      /<a href="\.\/hello\.txt">hello\.txt<\/a> +\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d {2}19 Bytes\n/,
    );
    const nested = (await get(`${P}files/dir/sub/`)).body.toString();
    expect(nested).toContain('<a href="./a.txt">a.txt</a>');

    for (const [path, location] of [
      ['/pulp/content', '/pulp/content/'],
      [`${P}files`, `${P}files/`],
      [`${P}files/dir`, `${P}files/dir/`],
      [`${P}files/site`, `${P}files/site/`],
    ]) {
      const moved = await get(path);
      expect([path, moved.status, moved.headers.location]).toEqual([path, 301, location]);
    }
  });

  it("serves a directory's index.html at the directory's URL", async () => {
    const page = await get(`${P}files/site/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html');
    expect(page.body.equals(INDEX)).toBe(true);
  });

  it("serves the publication's PULP_MANIFEST", async () => {
    const manifest = (await get(`${P}files/PULP_MANIFEST`)).body.toString();
    expect(manifest).toContain(`hello.txt,${sha256(SMALL)},${SMALL.length}\n`);
    expect(manifest).toContain(`big/large.bin,${sha256(LARGE)},${LARGE.length}\n`);
  });

  it('lists partial base paths and resolves the longest matching base path', async () => {
    await distributed('nest/one', { 'one.txt': Buffer.from('one') });
    await distributed('nest/two', { 'two.txt': Buffer.from('two') });
    const partial = (await get(`${P}nest/`)).body.toString();
    expect(partial).toContain('<a href="./one/">one/</a>');
    expect(partial).toContain('<a href="./two/">two/</a>');
    expect((await get(`${P}nest`)).headers.location).toBe(`${P}nest/`);
    expect((await get(`${P}nest/one/one.txt`)).body.toString()).toBe('one');

    // The API refuses nested base paths; rows written some other way still resolve to the longest.
    const deeper = await distributed('deeper', { 'x.txt': Buffer.from('from deeper') });
    await site.query(
      `INSERT INTO core_distribution (pulp_id, pulp_domain_id, pulp_type, name, base_path, repository_id)
       SELECT $1, pulp_domain_id, 'file.file', 'nested', 'nest/one/inner', repository_id
         FROM core_distribution WHERE base_path = 'deeper'`,
      [randomUUID()],
    );
    expect(deeper).toBeDefined();
    const inner = await get(`${P}nest/one/inner/x.txt`);
    expect(inner.status).toBe(200);
    expect(inner.body.toString()).toBe('from deeper');
  });

  it("answers 404 with Pulp's body for anything unknown", async () => {
    for (const path of [`${P}nothing/here.txt`, `${P}files/missing.txt`, `${P}files/dir/missing/`, '/elsewhere']) {
      const answer = await get(path);
      expect([path, answer.status, answer.body.toString()]).toEqual([path, 404, '404: Not Found']);
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
    await site.query(
      `INSERT INTO core_distribution (pulp_id, pulp_domain_id, pulp_type, name, base_path)
       SELECT $1, pulp_id, 'file.file', 'empty', 'empty' FROM core_domain WHERE name = 'default'`,
      [randomUUID()],
    );
    const empty = await get(`${P}empty/anything`);
    expect(empty.status).toBe(404);
    expect(empty.body.toString()).toBe(
      '404: Distribution is not pointing to a publication, repository, repository version, or remote.',
    );
  });

  it('never leaves the distribution, however the path is spelled', async () => {
    // A file in another distribution, which a traversal out of files/ would reach.
    await distributed('secret', { 'key.txt': Buffer.from('secret key') });
    for (const path of [
      `${P}files/../secret/key.txt`,
      `${P}files/%2e%2e/secret/key.txt`,
      `${P}files/%2E%2E/secret/key.txt`,
      `${P}files/..%2fsecret/key.txt`,
      `${P}files/%2e%2e%2fsecret%2fkey.txt`,
      `${P}files/./hello.txt`,
      `${P}files//hello.txt`,
      `${P}/files/hello.txt`,
      `${P}files/hello.txt%00`,
      `${P}files/hello%00.txt`,
      `${P}files/..%5csecret/key.txt`,
    ]) {
      const answer = await get(path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.body.toString()).not.toContain('secret key');
    }
    // Malformed percent-encoding does not even reach routing.
    expect((await get(`${P}files/%zz`)).status).toBe(400);
  });

  it('serves checkpoints by timestamp, redirecting a later one to the checkpoint it falls on', async () => {
    const repository = await publishedRepository(client, { autopublish: false });
    const unit = await upload('cp.txt', Buffer.from('checkpointed'));
    await completed(client, client.send(`${repository}modify/`, { add_content_units: [unit] }));
    const task = await completed(
      client,
      client.send(`${API}publications/file/file/`, { repository, checkpoint: true }),
    );
    const { body: publication } = await client.call(task.created_resources[0] as string);
    await completed(
      client,
      client.send(`${API}distributions/file/file/`, {
        name: 'cp',
        base_path: 'cp/nested',
        repository,
        checkpoint: true,
      }),
    );
    const stamp = new Date(publication.pulp_created as string)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const listing = await get(`${P}cp/nested/`);
    expect(listing.status).toBe(200);
    expect(listing.body.toString()).toContain(`<a href="./${stamp}/">${stamp}/</a>`);
    const file = await get(`${P}cp/nested/${stamp}/cp.txt`);
    expect([file.status, file.body.toString()]).toEqual([200, 'checkpointed']);
    expect((await get(`${P}cp/nested/${stamp}`)).headers.location).toBe(`${P}cp/nested/${stamp}/`);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = new Date(Date.now() - 100)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const moved = await get(`${P}cp/nested/${later}/cp.txt`);
    expect([moved.status, moved.headers.location]).toEqual([301, `${P}cp/nested/${stamp}/cp.txt`]);
    for (const path of [
      `${P}cp/nested/20000101T000000Z/cp.txt`,
      `${P}cp/nested/29990101T000000Z/cp.txt`,
      `${P}cp/nested/yesterday/cp.txt`,
    ]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
  });

  it('serves a version itself for a type that does not serve from publications: index.html without a redirect', async () => {
    const repository = await distributed('as-version-source', { 'v/index.html': INDEX, 'v/file.txt': SMALL });
    // A distribution type without serving hooks (core's OpenPGP distributions have none) serves the latest version.
    await site.query(
      `INSERT INTO core_distribution (pulp_id, pulp_domain_id, pulp_type, name, base_path, repository_id)
       SELECT $1, pulp_id, 'core.openpgp', 'version-served', 'version-served', $2 FROM core_domain WHERE name = 'default'`,
      [randomUUID(), repository.split('/').at(-2)],
    );
    const index = await pollUntil(
      () => get(`${P}version-served/v`),
      (answer) => answer.status !== 404,
    );
    expect([index.status, index.body.toString()]).toEqual([200, INDEX.toString()]);
    expect((await get(`${P}version-served/v/file.txt`)).body.equals(SMALL)).toBe(true);
    const listing = (await get(`${P}version-served/`)).body.toString();
    expect(listing).toContain('<a href="./v/">v/</a>');
    // Published metadata belongs to publications, not to the version.
    expect(listing).not.toContain('PULP_MANIFEST');

    // Two units at one path in a version (the file type's own rules prevent it; rows written some
    // other way do not): Pulp's 500, never one of them at random.
    await site.query(
      `WITH unit AS (INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
                     SELECT $1, pulp_id, 'file.file' FROM core_domain WHERE name = 'default' RETURNING pulp_id),
            file AS (INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path)
                     SELECT $2, unit.pulp_id, ca.artifact_id, ca.relative_path
                       FROM unit, core_contentartifact ca WHERE ca.relative_path = 'v/file.txt' LIMIT 1)
       INSERT INTO core_repositorycontent (repository_id, content_id, added_number)
       SELECT $3, unit.pulp_id, (SELECT max(number) FROM core_repositoryversion WHERE repository_id = $3 AND complete)
         FROM unit`,
      [randomUUID(), randomUUID(), repository.split('/').at(-2)],
    );
    const ambiguous = await pollUntil(
      () => get(`${P}version-served/v/file.txt`),
      (answer) => answer.status !== 200,
    );
    expect([ambiguous.status, ambiguous.body.toString()]).toEqual([500, '500: Internal Server Error']);
  });

  it('answers 404 at the root of a file distribution whose repository has no publication', async () => {
    const repository = await publishedRepository(client, { autopublish: false });
    await distribute(client, 'unpublished', repository);
    const root = await pollUntil(
      () => get(`${P}unpublished/`),
      (answer) => answer.status === 404,
    );
    expect([root.status, root.body.toString()]).toEqual([404, '404: Not Found']);
  });

  it('refuses a guarded distribution without the header its guard wants, and serves it with it', async () => {
    const repository = await distributed('guarded', { 'g.txt': Buffer.from('guarded bytes') });
    expect(repository).toBeDefined();
    const guard = async (type: string, body: Record<string, unknown>) => {
      const { status, body: created } = await client.send(`${API}contentguards/core/${type}/`, {
        name: randomUUID(),
        ...body,
      });
      expect(status).toBe(201);
      return created.pulp_href as string;
    };
    const secret = await guard('header', { header_name: 'x-secret', header_value: 'letmein' });
    const identity = await guard('header', {
      header_name: 'x-rh-identity',
      header_value: '123',
      jq_filter: '.identity.org_id',
    });
    const either = await guard('composite', { guards: [secret, identity] });
    const { body: page } = await client.call(`${API}distributions/file/file/?base_path=guarded`);
    const protect = (contentGuard: string) =>
      completed(client, client.send(page.results[0].pulp_href as string, { content_guard: contentGuard }, 'PATCH'));
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    // The content app learns of the change from the database's notification, within moments.
    const until = (path: string, headers: Record<string, string>, status: number) =>
      pollUntil(
        () => get(path, headers),
        (answer) => answer.status === status,
      );

    await protect(secret);
    const refused = await until(`${P}guarded/g.txt`, {}, 403);
    expect([refused.status, refused.body.toString()]).toEqual([403, '403: Access denied.']);
    // Refused before any lookup: an unknown path does not answer 404.
    expect((await get(`${P}guarded/no-such-file`)).status).toBe(403);
    expect((await get(`${P}guarded/g.txt`, { 'x-secret': b64('wrong') })).status).toBe(403);
    const allowed = await get(`${P}guarded/g.txt`, { 'x-secret': b64('letmein') });
    expect([allowed.status, allowed.body.toString()]).toEqual([200, 'guarded bytes']);

    await protect(either);
    const org = b64(JSON.stringify({ identity: { org_id: '123' } }));
    expect((await until(`${P}guarded/g.txt`, { 'x-rh-identity': org }, 200)).body.toString()).toBe('guarded bytes');
    expect((await get(`${P}guarded/g.txt`, { 'x-secret': b64('letmein') })).status).toBe(200);
    const neither = await get(`${P}guarded/g.txt`, {
      'x-rh-identity': b64(JSON.stringify({ identity: { org_id: '9' } })),
    });
    expect(neither.status).toBe(403);
    expect(neither.body.toString()).toMatch(/^403: /);

    // The index of distributions shows guarded ones unless HIDE_GUARDED_DISTRIBUTIONS; never hidden ones.
    await completed(
      client,
      client.send(`${API}distributions/file/file/`, { name: 'hidden', base_path: 'hidden', hidden: true }),
    );
    const shown = await pollUntil(
      () => get(P),
      (answer) => answer.body.toString().includes('./guarded/'),
    );
    expect(shown.body.toString()).toContain('<a href="./guarded/">guarded/</a>');
    expect(shown.body.toString()).not.toContain('./hidden/');
    const hiding = await site.start('content', { env: { PULP_HIDE_GUARDED_DISTRIBUTIONS: 'true' } });
    const index = (await rawRequest(hiding.baseUrl!, P)).body.toString();
    expect(index).toContain('<a href="./files/">files/</a>');
    expect(index).not.toContain('./guarded/');
  });

  it('scales over processes with --workers, each reporting in as an online content app', async () => {
    const online = async () =>
      ((await client.call(`${API}status/`)).body.online_content_apps as Array<{ name: string }>).map((app) => app.name);
    const before = await online();
    const clustered = await site.start('content', { args: ['--workers', '2'] });
    const after = await pollUntil(online, (names) => names.length === before.length + 2);
    // Two new processes, each with its own status row (the cluster's primary serves nothing).
    expect(after.filter((name) => !before.includes(name))).toHaveLength(2);
    for (let n = 0; n < 4; n++) {
      const answer = await rawRequest(clustered.baseUrl!, `${P}files/hello.txt`);
      expect(answer.body.equals(SMALL)).toBe(true);
    }
  });

  it('sees a new publication at once: the in-process cache follows the database', async () => {
    const repository = await distributed('changing', { 'v.txt': Buffer.from('first') });
    expect((await get(`${P}changing/v.txt`)).body.toString()).toBe('first');
    const replacement = await upload('v.txt', Buffer.from('second'));
    await completed(client, client.send(`${repository}modify/`, { add_content_units: [replacement] }));
    // The notification of the new publication reaches the content app within moments.
    const served = await pollUntil(
      () => get(`${P}changing/v.txt`),
      (answer) => answer.body.toString() === 'second',
    );
    expect(served.body.toString()).toBe('second');
    const { body: page } = await client.call(`${API}distributions/file/file/?base_path=changing`);
    await completed(client, client.call(page.results[0].pulp_href as string, { method: 'DELETE' }));
    expect(
      (
        await pollUntil(
          () => get(`${P}changing/v.txt`),
          (answer) => answer.status === 404,
        )
      ).status,
    ).toBe(404);
  });
});
