import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { FileFixtures, sha256, type FixtureOptions } from './support/file-fixtures';
import { createFileRemote, createForeignRemote, type RemoteFields } from './support/file-remotes';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const REPOSITORIES = `${API}repositories/file/file/`;
const SYNC_TASK = 'pulp_file.app.tasks.synchronizing.synchronize';

/** The upstream's files, new in each test: an artifact another test stored would be linked, not downloaded. */
let FILES: Array<{ path: string; content: string }>;
const freshFiles = () => [
  { path: 'a.txt', content: `alpha ${Math.random()}\n` },
  { path: 'dir/b.txt', content: `bravo ${Math.random()}\n` },
  { path: 'with, comma.txt', content: `charlie ${Math.random()}\n` },
];

// The file plugin's sync (spec: file-plugin §3–4) against an upstream served by test/support/file-fixtures.
describe('file sync', () => {
  let site: TestSite;
  let client: ApiClient;
  let importRoot: string;
  const upstreams: FileFixtures[] = [];

  const upstream = async (options: FixtureOptions = {}) => {
    const fixtures = await FileFixtures.start({ files: FILES, ...options });
    upstreams.push(fixtures);
    return fixtures;
  };
  const remote = (fields: RemoteFields) => createFileRemote(client, { max_retries: 0, ...fields });
  const repository = async (fields: Json = {}) => {
    const { status, body } = await client.send(REPOSITORIES, { name: `repo-${Math.random()}`, ...fields });
    expect(status).toBe(201);
    return body.pulp_href as string;
  };
  const sync = (repo: string, body: Json = {}) => client.send(`${repo}sync/`, body);
  const synced = async (repo: string, body: Json = {}) => {
    const answer = await sync(repo, body);
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['task']);
    const task = await client.waitForTask(answer.body.task as string);
    expect(task.name).toBe(SYNC_TASK);
    return task;
  };
  const latest = async (repo: string) => (await client.call(repo)).body.latest_version_href as string;
  const report = (task: Json, code: string) => (task.progress_reports as Json[]).find((r) => r.code === code);
  /** The version's files: relative path → [digest, has its file]. */
  const files = async (version: string) => {
    const [, id, number] = /\/([0-9a-f-]{36})\/versions\/(\d+)\/$/.exec(version)!;
    const rows = await site.query<{ relative_path: string; digest: string; stored: boolean }>(
      `SELECT fc.relative_path, fc.digest, ca.artifact_id IS NOT NULL AS stored
         FROM core_repositorycontent rc
         JOIN file_filecontent fc ON fc.content_id = rc.content_id
         JOIN core_contentartifact ca ON ca.content_id = rc.content_id
        WHERE rc.repository_id = $1 AND rc.added_number <= $2 AND (rc.removed_number IS NULL OR rc.removed_number > $2)
        ORDER BY fc.relative_path`,
      [id, Number(number)],
    );
    return Object.fromEntries(rows.map((row) => [row.relative_path, [row.digest, row.stored]]));
  };
  const count = async (table: string) => Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  /** A failed sync: the repository is as it was, no version half-made, nothing left in the working directory. */
  const failedCleanly = async (repo: string, task: Json, before: string) => {
    expect(task.state).toBe('failed');
    expect(task.created_resources).toEqual([]);
    expect(await latest(repo)).toBe(before);
    expect(await count('core_repositoryversion WHERE NOT complete')).toBe(0);
    const work = join(site.dir, 'tmp');
    expect(existsSync(work) ? readdirSync(work).filter((name) => name.startsWith('file-sync-')) : []).toEqual([]);
    return task.error.description as string;
  };

  beforeAll(async () => {
    importRoot = mkdtempSync(join(tmpdir(), 'pulp-import-'));
    ({ site, client } = await adminSite({ ALLOWED_IMPORT_PATHS: [importRoot] }));
  });

  beforeEach(() => {
    FILES = freshFiles();
  });

  afterEach(async () => {
    await Promise.all(upstreams.splice(0).map((fixtures) => fixtures.close()));
  });

  afterAll(async () => {
    await site?.destroy();
    rmSync(importRoot, { recursive: true, force: true });
  });

  it('syncs immediately: every file downloaded, verified and stored; the new version is the result', async () => {
    const fixtures = await upstream();
    const remoteHref = await remote({ url: fixtures.url });
    const repo = await repository();
    const task = await synced(repo, { remote: remoteHref });
    expect(task.state).toBe('completed');
    const version = `${repo}versions/1/`;
    expect(task.created_resources).toEqual([version]);
    expect(task.result).toMatchObject({
      pulp_href: version,
      number: 1,
      repository: repo,
      content_summary: {
        added: { 'file.file': { count: 3, href: `${API}content/file/files/?repository_version_added=${version}` } },
        removed: {},
        present: { 'file.file': { count: 3, href: `${API}content/file/files/?repository_version=${version}` } },
      },
    });
    expect(await latest(repo)).toBe(version);
    expect(await files(version)).toEqual(
      Object.fromEntries(FILES.map((file) => [file.path, [sha256(file.content), true]])),
    );
    for (const file of FILES) {
      const stored = join(
        site.dir,
        'media',
        'artifact',
        sha256(file.content).slice(0, 2),
        sha256(file.content).slice(2),
      );
      expect(readFileSync(stored, 'utf8')).toBe(file.content);
    }
    const artifacts = await site.query<{ sha256: string; size: string; sha512: string | null }>(
      'SELECT sha256, size, sha512 FROM core_artifact',
    );
    expect(
      artifacts.map((artifact) => [artifact.sha256, Number(artifact.size), artifact.sha512 !== null]).sort(),
    ).toEqual(FILES.map((file) => [sha256(file.content), file.content.length, true]).sort());
    const remoteArtifacts = await site.query<{ url: string; size: string }>(
      'SELECT url, size FROM core_remoteartifact ORDER BY url',
    );
    expect(remoteArtifacts.map((row) => row.url)).toEqual([
      fixtures.fileUrl('a.txt'),
      fixtures.fileUrl('dir/b.txt'),
      fixtures.fileUrl('with%2C%20comma.txt'),
    ]);
    expect(task.progress_reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: 'Downloading Metadata Files', code: 'sync.downloading.metadata', done: 1 }),
        expect.objectContaining({
          message: 'Parsing Metadata Lines',
          code: 'sync.parsing.metadata',
          total: 3,
          done: 3,
        }),
        expect.objectContaining({ message: 'Downloading Artifacts', code: 'sync.downloading.artifacts', done: 3 }),
        expect.objectContaining({ message: 'Associating Content', code: 'associating.content', done: 3 }),
      ]),
    );
    expect(report(task, 'unassociating.content')).toBeUndefined();
    const [details] = await site.query<{ last_sync_details: Json }>(
      'SELECT last_sync_details FROM file_filerepository WHERE repository_id = $1',
      [repo.split('/').at(-2)],
    );
    expect(details.last_sync_details).toEqual({
      remote_pk: remoteHref.split('/').at(-2),
      url: fixtures.url,
      download_policy: 'immediate',
      mirror: false,
      most_recent_version: 1,
      manifest_checksum: sha256(readFileSync(join(fixtures.dir, 'repo', 'PULP_MANIFEST'))),
    });

    // The same manifest again: skipped, no version, no file downloaded.
    const downloads = fixtures.requests.get('a.txt');
    const again = await synced(repo, { remote: remoteHref });
    expect(again).toMatchObject({ state: 'completed', result: null, created_resources: [] });
    expect(report(again, 'sync.was_skipped')).toMatchObject({
      message: 'Skipping Sync (no change from previous sync)',
      total: 1,
      done: 1,
    });
    expect(report(again, 'sync.parsing.metadata')).toBeUndefined();
    expect(await latest(repo)).toBe(version);

    // Without the optimization it runs, finds nothing new and makes no version either.
    const forced = await synced(repo, { remote: remoteHref, optimize: false });
    expect(forced).toMatchObject({ state: 'completed', result: null, created_resources: [] });
    expect(report(forced, 'sync.parsing.metadata')).toMatchObject({ done: 3 });
    expect(fixtures.requests.get('a.txt')).toBe(downloads);
    expect(await latest(repo)).toBe(version);
  });

  it.each(['on_demand', 'streamed'])('syncs %s: metadata only, with where each file is', async (policy) => {
    const fixtures = await upstream();
    const repo = await repository();
    const before = await count('core_artifact');
    const task = await synced(repo, { remote: await remote({ url: fixtures.url, policy }) });
    expect(task.state).toBe('completed');
    expect(await files(task.result.pulp_href)).toEqual(
      Object.fromEntries(FILES.map((file) => [file.path, [sha256(file.content), false]])),
    );
    expect(await count('core_artifact')).toBe(before);
    expect([...fixtures.requests.keys()]).toEqual(['PULP_MANIFEST']);
    expect(report(task, 'sync.downloading.artifacts')).toBeUndefined();
    const remoteArtifacts = await site.query<{ url: string; sha256: string; size: string }>(
      `SELECT ra.url, ra.sha256, ra.size FROM core_remoteartifact ra JOIN core_remote r ON r.pulp_id = ra.remote_id
        WHERE r.url = $1 ORDER BY ra.url`,
      [fixtures.url],
    );
    expect(remoteArtifacts).toEqual([
      { url: fixtures.fileUrl('a.txt'), sha256: sha256(FILES[0].content), size: String(FILES[0].content.length) },
      { url: fixtures.fileUrl('dir/b.txt'), sha256: sha256(FILES[1].content), size: String(FILES[1].content.length) },
      {
        url: fixtures.fileUrl('with%2C%20comma.txt'),
        sha256: sha256(FILES[2].content),
        size: String(FILES[2].content.length),
      },
    ]);
  });

  it('switching a lazy remote to immediate downloads the files even though the manifest is the same', async () => {
    const fixtures = await upstream();
    const remoteHref = await remote({ url: fixtures.url, policy: 'on_demand' });
    const repo = await repository({ remote: remoteHref });
    expect((await synced(repo)).state).toBe('completed');
    const update = await client.send(remoteHref, { policy: 'immediate' }, 'PATCH');
    expect((await client.waitForTask(update.body.task as string)).state).toBe('completed');
    const task = await synced(repo);
    expect(task).toMatchObject({ state: 'completed', result: null });
    expect(report(task, 'sync.downloading.artifacts')).toMatchObject({ done: 3 });
    expect(Object.values(await files(await latest(repo))).map(([, stored]) => stored)).toEqual([true, true, true]);
  });

  it('adds in additive mode (same path replaced) and makes the version the manifest in mirror mode', async () => {
    const fixtures = await upstream();
    const remoteHref = await remote({ url: fixtures.url });
    const repo = await repository({ remote: remoteHref });
    await synced(repo);
    const listed = fixtures.write({
      files: [
        { path: 'dir/b.txt', content: `${FILES[1].content} again` },
        FILES[2],
        { path: 'd.txt', content: `delta ${Math.random()}` },
      ],
    });
    const [a, b, c, d] = [FILES[0], ...listed].map((file) => sha256(file.content));
    const additive = await synced(repo);
    expect(additive.created_resources).toEqual([`${repo}versions/2/`]);
    expect(additive.result.content_summary.added['file.file'].count).toBe(2);
    expect(additive.result.content_summary.removed['file.file'].count).toBe(1);
    expect(await files(`${repo}versions/2/`)).toEqual({
      'a.txt': [a, true],
      'd.txt': [d, true],
      'dir/b.txt': [b, true],
      'with, comma.txt': [c, true],
    });

    const mirror = await synced(repo, { mirror: true });
    expect(mirror.created_resources).toEqual([
      `${repo}versions/3/`,
      expect.stringMatching(/publications\/file\/file\//),
    ]);
    // Mirror mode publishes the new version with the upstream's own manifest, as it is.
    const publication = (await client.call(mirror.created_resources[1] as string)).body;
    expect(publication).toMatchObject({ repository_version: `${repo}versions/3/`, manifest: 'PULP_MANIFEST' });
    const [published] = await site.query<{ file: string }>(
      `SELECT a.file FROM core_publishedmetadata m
         JOIN core_contentartifact ca ON ca.content_id = m.content_id
         JOIN core_artifact a ON a.pulp_id = ca.artifact_id
        WHERE m.publication_id = $1 AND m.relative_path = 'PULP_MANIFEST'`,
      [(publication.pulp_href as string).split('/').at(-2)],
    );
    expect(readFileSync(join(site.dir, 'media', published.file))).toEqual(
      readFileSync(join(fixtures.dir, 'repo', 'PULP_MANIFEST')),
    );
    expect(await files(`${repo}versions/3/`)).toEqual({
      'd.txt': [d, true],
      'dir/b.txt': [b, true],
      'with, comma.txt': [c, true],
    });
    expect(report(mirror, 'unassociating.content')).toMatchObject({ message: 'Un-Associating Content', done: 1 });
    expect(report(mirror, 'associating.content')).toMatchObject({ done: 0 });
  });

  it('authenticates upstream with the remote’s credentials', async () => {
    const fixtures = await upstream({ auth: { username: 'u', password: 'secret' } });
    const repo = await repository();
    const task = await synced(repo, { remote: await remote({ url: fixtures.url, username: 'u', password: 'secret' }) });
    expect(task.state).toBe('completed');
    expect(Object.keys(await files(task.result.pulp_href))).toHaveLength(3);

    const denied = await synced(repo, { remote: await remote({ url: fixtures.url }) });
    expect(await failedCleanly(repo, denied, `${repo}versions/1/`)).toMatch(/401/);
  });

  it('syncs from a file:// manifest below ALLOWED_IMPORT_PATHS, and refuses one elsewhere', async () => {
    writeFileSync(join(importRoot, 'x.txt'), 'x-ray\n');
    writeFileSync(join(importRoot, 'PULP_MANIFEST'), `x.txt,${sha256('x-ray\n')},6\n`);
    const repo = await repository();
    const task = await synced(repo, {
      remote: await remote({ url: pathToFileURL(join(importRoot, 'PULP_MANIFEST')).href }),
    });
    expect(task.state).toBe('completed');
    expect(await files(task.result.pulp_href)).toEqual({ 'x.txt': [sha256('x-ray\n'), true] });

    // A remote saved while the path was allowed: the sync checks it again.
    const outside = await remote({ url: pathToFileURL(join(importRoot, 'PULP_MANIFEST')).href });
    await site.query(`UPDATE core_remote SET url = 'file:///etc/PULP_MANIFEST' WHERE pulp_id = $1`, [
      outside.split('/').at(-2),
    ]);
    expect(await failedCleanly(repo, await synced(repo, { remote: outside }), `${repo}versions/1/`)).toBe(
      "The path '/etc/PULP_MANIFEST' does not start with any of the allowed import paths",
    );
  });

  describe('fails, leaving the repository as it was', () => {
    const failing = async (options: Omit<FixtureOptions, 'files'>, fields: Partial<RemoteFields> = {}) => {
      const listed = FILES;
      const fixtures = await upstream(options);
      const repo = await repository();
      const before = await latest(repo);
      const task = await synced(repo, { remote: await remote({ url: fixtures.url, ...fields }) });
      return { fixtures, listed, description: await failedCleanly(repo, task, before) };
    };

    it('on a file that does not match its checksum', async () => {
      const { description, listed } = await failing({ corrupt: ['dir/b.txt'] });
      expect(description).toMatch(/dir\/b\.txt failed validation due to sha256 checksum/);
      expect(await count(`core_artifact WHERE sha256 = '${sha256(listed[1].content)}'`)).toBe(0);
    });

    it('on a missing file (404)', async () => {
      expect((await failing({ missing: ['a.txt'] })).description).toMatch(/404/);
    });

    it('on a missing manifest', async () => {
      expect((await failing({ missing: ['PULP_MANIFEST'] })).description).toMatch(
        /404.*PULP_MANIFEST|PULP_MANIFEST.*404/,
      );
    });

    it('on a timeout', async () => {
      const { description } = await failing(
        { slow: { paths: ['a.txt'], delayMs: 3000 } },
        { sock_read_timeout: 0.5, total_timeout: 1 },
      );
      expect(description).toMatch(/time/i);
    });

    it('on a connection dropped mid-body, after its retries', async () => {
      const { fixtures, description } = await failing({ dropped: ['a.txt'] }, { max_retries: 1 });
      expect(fixtures.requests.get('a.txt')).toBe(2);
      expect(description).toMatch(/a\.txt/);
    });

    it('on an invalid manifest line, naming it, before writing anything', async () => {
      const fixtures = await upstream();
      fixtures.writeManifest(`# files\na.txt,${sha256('alpha\n')},6\nnot a manifest line\n`);
      const repo = await repository();
      const content = await count('core_content');
      const task = await synced(repo, { remote: await remote({ url: fixtures.url }) });
      expect(await failedCleanly(repo, task, `${repo}versions/0/`)).toBe(
        "Invalid line 3 in the manifest (expected three comma-separated fields); each line must be '<relative_path>,<sha256 hex digest>,<size in bytes>'.",
      );
      expect(await count('core_content')).toBe(content);
    });

    it('on a path listed twice with different files (as Pulp)', async () => {
      const fixtures = await upstream();
      fixtures.writeManifest(`a.txt,${sha256('one')},3\na.txt,${sha256('two')},3\n`);
      const repo = await repository();
      const task = await synced(repo, { remote: await remote({ url: fixtures.url, policy: 'on_demand' }) });
      expect(await failedCleanly(repo, task, `${repo}versions/0/`)).toBe(
        'Cannot create repository version. More than one file.file content with the duplicate values for relative_path.',
      );
    });

    it('on an unsafe relative path', async () => {
      const fixtures = await upstream();
      fixtures.writeManifest(`../../etc/passwd,${sha256('x')},1\n`);
      const repo = await repository();
      const task = await synced(repo, { remote: await remote({ url: fixtures.url, policy: 'on_demand' }) });
      expect(await failedCleanly(repo, task, `${repo}versions/0/`)).toMatch(
        /^Invalid line 1 in the manifest \("\.\.\/\.\.\/etc\/passwd": Relative path must not contain '\.' or '\.\.' segments\)/,
      );
    });
  });

  it('canceled while downloading: no version, and its spooled files go before the next sync runs', async () => {
    const fixtures = await upstream({ slow: { paths: ['a.txt'], delayMs: 60_000 } });
    const repo = await repository({ remote: await remote({ url: fixtures.url }) });
    const { body } = await sync(repo);
    const taskId = (body.task as string).split('/').at(-2)!;
    const spool = join(site.dir, 'tmp', `file-sync-${taskId}`);
    await pollUntil(
      () => Promise.resolve(fixtures.requests.get('a.txt')),
      (requests) => requests === 1,
    );
    expect(existsSync(spool)).toBe(true);
    const canceling = await client.send(body.task as string, { state: 'canceled' }, 'PATCH');
    expect(canceling.status).toBe(200);
    expect((await client.waitForTask(body.task as string)).state).toBe('canceled');
    expect(await latest(repo)).toBe(`${repo}versions/0/`);

    fixtures.write({ files: FILES });
    expect((await synced(repo)).state).toBe('completed');
    expect(existsSync(spool)).toBe(false);
    expect(await latest(repo)).toBe(`${repo}versions/1/`);
  });

  it('canceled while storing: the files it had written go when a task process starts again', async () => {
    const fixtures = await upstream();
    const repo = await repository({ remote: await remote({ url: fixtures.url }) });
    const stored = () =>
      FILES.map(({ content }) => sha256(content)).filter((digest) =>
        existsSync(join(site.dir, 'media', 'artifact', digest.slice(0, 2), digest.slice(2))),
      );
    // An artifact row of the first file, inserted and not committed: the sync writes its files,
    // then its own insert of that row waits for this transaction.
    const pool = site.pool(1);
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      const digest = sha256(FILES[0].content);
      await holder.query(
        `INSERT INTO core_artifact (pulp_id, pulp_created, pulp_domain_id, file, size, sha256)
         SELECT gen_random_uuid(), now(), pulp_id, $1, $2, $3 FROM core_domain WHERE name = 'default'`,
        [`artifact/${digest.slice(0, 2)}/${digest.slice(2)}`, FILES[0].content.length, digest],
      );
      const { body } = await sync(repo);
      expect(
        await pollUntil(
          () => Promise.resolve(stored().length),
          (written) => written === FILES.length,
        ),
      ).toBe(FILES.length);
      expect(await count('core_artifactwrite')).toBe(FILES.length);
      expect((await client.send(body.task as string, { state: 'canceled' }, 'PATCH')).status).toBe(200);
      expect((await client.waitForTask(body.task as string)).state).toBe('canceled');
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await pool.end();
    }
    // The killed process's files have no rows; the next task starts a new task process, which removes them.
    expect(stored()).toHaveLength(FILES.length);
    const deleted = await client.accepted(await client.call(await repository(), { method: 'DELETE' }));
    expect(deleted.state).toBe('completed');
    expect(
      await pollUntil(
        () => Promise.resolve(stored().length),
        (left) => left === 0,
      ),
    ).toBe(0);
    expect(await count('core_artifactwrite')).toBe(0);
    expect(await latest(repo)).toBe(`${repo}versions/0/`);
  });

  describe('refuses the request (400, nothing queued)', () => {
    const tasks = () => count(`core_task WHERE name = '${SYNC_TASK}'`);

    it.each<[string, (repo: string) => Promise<Json>, Json]>([
      [
        'no remote anywhere',
        () => Promise.resolve({}),
        { remote: ['This field is required since a remote is not set on the repository.'] },
      ],
      [
        'an unknown remote',
        () => Promise.resolve({ remote: `${API}remotes/file/file/0190a4e0-0000-7000-8000-000000000000/` }),
        { remote: ['Invalid hyperlink - Object does not exist.'] },
      ],
      [
        'a mirror that is not a boolean',
        () => Promise.resolve({ mirror: 'often' }),
        { mirror: ['Must be a valid boolean.'] },
      ],
    ])('%s', async (_why, body, errors) => {
      const repo = await repository();
      const before = await tasks();
      const answer = await sync(repo, await body(repo));
      expect(answer).toEqual({ status: 400, body: errors });
      expect(await tasks()).toBe(before);
    });

    it('a remote of another type', async () => {
      const other = await createForeignRemote(site, 'gitty', 'file.git');
      const repo = await repository();
      expect(await sync(repo, { remote: other })).toEqual({
        status: 400,
        body: { remote: ["Type for Remote 'gitty' does not match Repository."] },
      });
    });

    it('mirror mode on an autopublished repository', async () => {
      const repo = await repository();
      await site.query(
        `INSERT INTO file_filerepository (repository_id, autopublish) VALUES ($1, true)
         ON CONFLICT (repository_id) DO UPDATE SET autopublish = true`,
        [repo.split('/').at(-2)],
      );
      const remoteHref = await remote({ url: 'http://127.0.0.1:1/PULP_MANIFEST' });
      expect(await sync(repo, { remote: remoteHref, mirror: true })).toEqual({
        status: 400,
        body: ['Cannot use mirror mode with autopublished repository.'],
      });
      expect((await sync(repo, { remote: remoteHref })).status).toBe(202);
    });

    it('an unknown repository (404)', async () => {
      expect(await sync(`${REPOSITORIES}0190a4e0-0000-7000-8000-000000000000/`)).toEqual({
        status: 404,
        body: { detail: 'No Repository matches the given query.' },
      });
    });
  });
});
