import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const REPOSITORIES = `${API}repositories/file/file/`;
const PUBLICATIONS = `${API}publications/file/file/`;

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const idOf = (href: string) => href.split('/').at(-2)!;

// pulp_file's publications: pass-through, with a PULP_MANIFEST written by the publish task.
describe('file publications', () => {
  let site: TestSite;
  let client: ApiClient;

  const count = async (table: string, where = 'true') =>
    Number((await site.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0].n);
  const accepted = async (answer: { status: number; body: Json }) => {
    expect(answer).toEqual({ status: 202, body: { task: expect.any(String) } });
    const task = await client.waitForTask(answer.body.task as string);
    expect(task.error).toBeNull();
    expect(task.state).toBe('completed');
    return task;
  };
  const publish = async (body: Json) => accepted(await client.send(PUBLICATIONS, body));

  /** A file content unit uploaded through the API. */
  const fileContent = async (relativePath: string, data: string) => {
    const { status, body } = await client.sendForm(`${API}content/file/files/upload/`, data, {
      relative_path: relativePath,
    });
    expect(status).toBe(201);
    return body.pulp_href as string;
  };
  /**
   * An on-demand unit: no artifact, a remote artifact promising `data` (made with SQL, as sync
   * would make it, until sync lands).
   */
  const onDemandContent = async (relativePath: string, data: string) => {
    const id = randomUUID();
    const contentArtifact = randomUUID();
    await site.query(
      `WITH domain AS (SELECT pulp_id FROM core_domain WHERE name = 'default'),
            content AS (INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
                        SELECT $1, pulp_id, 'file.file' FROM domain RETURNING pulp_id),
            file AS (INSERT INTO file_filecontent (content_id, pulp_domain_id, relative_path, digest)
                     SELECT $1, pulp_id, $2, $3 FROM domain)
       INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path)
       SELECT $4, pulp_id, NULL, $2 FROM content`,
      [id, relativePath, sha256(data), contentArtifact],
    );
    await site.query(
      `INSERT INTO core_remoteartifact (pulp_id, content_artifact_id, remote_id, url, size, sha256)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), contentArtifact, await remote(), `https://example.com/${relativePath}`, data.length, sha256(data)],
    );
    return `${API}content/file/files/${id}/`;
  };
  let remoteId: string | undefined;
  const remote = async () => {
    if (!remoteId) {
      remoteId = randomUUID();
      await site.query(
        `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, name, url, policy)
         SELECT $1, pulp_id, 'file.file', 'upstream', 'https://example.com/PULP_MANIFEST', 'on_demand'
           FROM core_domain WHERE name = 'default'`,
        [remoteId],
      );
    }
    return remoteId;
  };
  const repository = async (name: string) => {
    const { status, body } = await client.send(REPOSITORIES, { name });
    expect(status).toBe(201);
    return body.pulp_href as string;
  };
  const add = async (repositoryHref: string, content: string[]) =>
    accepted(await client.send(`${repositoryHref}modify/`, { add_content_units: content }));
  /** The bytes of a publication's published metadata file at `path`, read from MEDIA_ROOT. */
  const metadata = async (publicationHref: string, path: string) => {
    const rows = await site.query<{ file: string; pulp_type: string }>(
      `SELECT a.file, c.pulp_type FROM core_publishedmetadata m
         JOIN core_content c ON c.pulp_id = m.content_id
         JOIN core_contentartifact ca ON ca.content_id = m.content_id AND ca.relative_path = m.relative_path
         JOIN core_artifact a ON a.pulp_id = ca.artifact_id
        WHERE m.publication_id = $1 AND m.relative_path = $2`,
      [idOf(publicationHref), path],
    );
    expect(rows.map((row) => row.pulp_type)).toEqual(['core.publishedmetadata']);
    return readFileSync(join(site.dir, 'media', rows[0].file), 'utf8');
  };

  let files: string;
  let a: string;
  let b: string;
  let c: string;

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    files = await repository('files');
    a = await fileContent('a.txt', 'alpha\n');
    await add(files, [a]); // version 1: a.txt
    b = await fileContent('dir/b,with,comma.txt', 'bravo bravo\n');
    c = await onDemandContent('lazy/c.iso', 'charlie, never downloaded');
    await add(files, [b, c]); // version 2: a.txt, b, c
  });

  afterAll(() => site?.destroy());

  it("publishes a repository's latest version, with a byte-exact PULP_MANIFEST, newest content first", async () => {
    const task = await publish({ repository: files });
    const href = task.created_resources[0] as string;
    const id = idOf(href);
    expect(task.created_resources).toEqual([`${PUBLICATIONS}${id}/`]);
    expect(task.name).toBe('pulp_file.app.tasks.publishing.publish');
    expect(task.reserved_resources_record).toContain(`shared:prn:file.filerepository:${idOf(files)}`);
    const body = {
      pulp_href: href,
      prn: `prn:file.filepublication:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      repository_version: `${files}versions/2/`,
      repository: files,
      distributions: [],
      manifest: 'PULP_MANIFEST',
      checkpoint: false,
    };
    expect(task.result).toEqual(body);
    expect(await client.call(href)).toEqual({ status: 200, body: task.result });
    expect(await metadata(href, 'PULP_MANIFEST')).toBe(
      [
        `lazy/c.iso,${sha256('charlie, never downloaded')},25\n`,
        `dir/b,with,comma.txt,${sha256('bravo bravo\n')},12\n`,
        `a.txt,${sha256('alpha\n')},6\n`,
      ].join(''),
    );
    const [row] = await site.query<Json>('SELECT pass_through, complete FROM core_publication WHERE pulp_id = $1', [
      id,
    ]);
    expect(row).toEqual({ pass_through: true, complete: true });
    // The generic list shows it too, under its detail href.
    const generic = await client.call(`${API}publications/?pulp_href__in=${href}`);
    expect(generic.body.results.map((p: Json) => p.pulp_href)).toEqual([href]);
  });

  it('publishes a given version with a manifest of another name', async () => {
    const task = await publish({ repository_version: `${files}versions/1/`, manifest: 'FILES.txt' });
    const href = task.created_resources[0] as string;
    expect(task.result).toMatchObject({
      repository_version: `${files}versions/1/`,
      repository: files,
      manifest: 'FILES.txt',
    });
    expect(await metadata(href, 'FILES.txt')).toBe(`a.txt,${sha256('alpha\n')},6\n`);
    expect(await count('core_publishedmetadata', `publication_id = '${idOf(href)}'`)).toBe(1);
  });

  it('writes no metadata when the manifest is null', async () => {
    const task = await publish({ repository: files, manifest: null });
    const href = task.created_resources[0] as string;
    expect(task.result).toMatchObject({ manifest: null, repository_version: `${files}versions/2/` });
    expect(await count('core_publishedmetadata', `publication_id = '${idOf(href)}'`)).toBe(0);
    expect((await client.call(href)).body.manifest).toBeNull();
  });

  it('publishes an empty version with an empty manifest, and a checkpoint when asked', async () => {
    const empty = await repository('empty');
    const task = await publish({ repository: empty, checkpoint: true });
    const href = task.created_resources[0] as string;
    expect(task.result).toMatchObject({ repository_version: `${empty}versions/0/`, checkpoint: true });
    expect(await metadata(href, 'PULP_MANIFEST')).toBe('');
  });

  describe('refuses, queueing nothing', () => {
    let hidden: string;
    let acsRepository: string;

    beforeAll(async () => {
      // A repository without any complete version (the API always makes version 0; SQL does not).
      hidden = randomUUID();
      await site.query(
        `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name)
         SELECT $1, pulp_id, 'file.file', 'versionless' FROM core_domain WHERE name = 'default'`,
        [hidden],
      );
      acsRepository = (await client.send(REPOSITORIES, { name: 'acs-filled' })).body.pulp_href as string;
      await site.query('UPDATE core_repository SET user_hidden = true WHERE pulp_id = $1', [idOf(acsRepository)]);
    });

    it.each<[string, () => Json, Json]>([
      [
        'neither',
        () => ({}),
        { non_field_errors: ["Either the 'repository' or 'repository_version' need to be specified"] },
      ],
      [
        'both',
        () => ({ repository: files, repository_version: `${files}versions/1/` }),
        { non_field_errors: ["Either the 'repository' or 'repository_version' need to be specified but not both."] },
      ],
      [
        'a repository without a version',
        () => ({ repository: `${REPOSITORIES}${hidden}/` }),
        { non_field_errors: ['Repository has no version available to create Publication from'] },
      ],
      [
        'a checkpoint of a version',
        () => ({ repository_version: `${files}versions/1/`, checkpoint: true }),
        { non_field_errors: ["'checkpoint' may only be used with 'repository'"] },
      ],
      [
        'an unknown repository',
        () => ({ repository: `${REPOSITORIES}${randomUUID()}/` }),
        { repository: ['Invalid hyperlink - Object does not exist.'] },
      ],
      [
        'a hidden repository (an ACS’s)',
        () => ({ repository: acsRepository }),
        { repository: ['Invalid hyperlink - Object does not exist.'] },
      ],
      [
        'an unknown version',
        () => ({ repository_version: `${files}versions/9/` }),
        { repository_version: ['Invalid hyperlink - Object does not exist.'] },
      ],
      [
        'an empty manifest name',
        () => ({ repository: files, manifest: '' }),
        { manifest: ['This field may not be blank.'] },
      ],
      ['an unknown field', () => ({ repository: files, colour: 'blue' }), { colour: ['Unexpected field'] }],
    ])('%s', async (_case, body, errors) => {
      const tasks = await count('core_task');
      expect(await client.send(PUBLICATIONS, body())).toEqual({ status: 400, body: errors });
      expect(await count('core_task')).toBe(tasks);
    });
  });

  it('leaves no publication when publishing fails', async () => {
    await site.query(`CREATE FUNCTION fail_publish() RETURNS trigger LANGUAGE plpgsql AS
                        $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$`);
    await site.query(`CREATE TRIGGER fail_publish BEFORE INSERT ON core_publishedmetadata
                        FOR EACH ROW EXECUTE FUNCTION fail_publish()`);
    try {
      const before = await count('core_publication');
      const answer = await client.send(PUBLICATIONS, { repository: files });
      expect(answer.status).toBe(202);
      const task = await client.waitForTask(answer.body.task as string);
      expect(task.state).toBe('failed');
      expect(task.created_resources).toEqual([]);
      expect(await count('core_publication')).toBe(before);
      expect(await count('file_filepublication')).toBe(before);
    } finally {
      await site.query('DROP TRIGGER fail_publish ON core_publishedmetadata');
      await site.query('DROP FUNCTION fail_publish()');
    }
  });

  it('lists by repository and by repository version', async () => {
    const other = await repository('other');
    const otherTask = await publish({ repository: other });
    const all = await client.call(PUBLICATIONS);
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(await count('core_publication'));
    const versions = (results: Json[]) => results.map((p) => p.repository_version as string).sort();

    const ofFiles = await client.call(`${PUBLICATIONS}?repository=${files}`);
    expect(ofFiles.body.count).toBe(
      await count(
        'core_publication p JOIN core_repositoryversion v ON v.pulp_id = p.repository_version_id',
        `v.repository_id = '${idOf(files)}'`,
      ),
    );
    expect(ofFiles.body.count).toBeGreaterThanOrEqual(3);
    expect(ofFiles.body.results.every((p: Json) => p.repository === files)).toBe(true);

    const ofVersion1 = await client.call(`${PUBLICATIONS}?repository_version=${files}versions/1/`);
    expect(versions(ofVersion1.body.results)).toEqual([`${files}versions/1/`]);

    const ofOther = await client.call(`${PUBLICATIONS}?repository=${other}`);
    expect(ofOther.body.results).toEqual([otherTask.result]);

    const byContent = await client.call(`${PUBLICATIONS}?content=${b}&repository=${files}`);
    expect(versions(byContent.body.results)).toEqual([`${files}versions/2/`, `${files}versions/2/`]);
  });

  it('shows the distributions serving a publication', async () => {
    const task = await publish({ repository: files });
    const href = task.created_resources[0] as string;
    const served = await accepted(
      await client.send(`${API}distributions/file/file/`, {
        name: 'served',
        base_path: 'served',
        publication: href,
        repository: null,
        repository_version: null,
      }),
    );
    expect((await client.call(href)).body.distributions).toEqual(served.created_resources);
  });

  it('autopublishes each new version of an autopublish repository, with its manifest, in the same task', async () => {
    const created = await client.send(REPOSITORIES, { name: 'auto', autopublish: true, manifest: 'LISTING' });
    expect(created.status).toBe(201);
    const auto = created.body.pulp_href as string;
    const task = await add(auto, [a]);
    const published = await client.call(`${PUBLICATIONS}?repository_version=${auto}versions/1/`);
    expect(published.body.results).toEqual([
      expect.objectContaining({ repository_version: `${auto}versions/1/`, manifest: 'LISTING', checkpoint: false }),
    ]);
    const href = published.body.results[0].pulp_href as string;
    expect(task.created_resources).toEqual([`${auto}versions/1/`, href]);
    expect(await metadata(href, 'LISTING')).toBe(`a.txt,${sha256('alpha\n')},6\n`);

    // Without autopublish, a new version is not published.
    await accepted(await client.send(auto, { autopublish: false }, 'PATCH'));
    const plain = await add(auto, [b]);
    expect(plain.created_resources).toEqual([`${auto}versions/2/`]);
    expect((await client.call(`${PUBLICATIONS}?repository=${auto}`)).body.count).toBe(1);
  });

  it('deletes a publication synchronously (204), with its metadata', async () => {
    const task = await publish({ repository: files });
    const href = task.created_resources[0] as string;
    expect(await count('core_publishedmetadata', `publication_id = '${idOf(href)}'`)).toBe(1);
    expect(await client.call(href, { method: 'DELETE' })).toEqual({ status: 204, body: undefined });
    expect(await client.call(href)).toEqual({
      status: 404,
      body: { detail: 'No Publication matches the given query.' },
    });
    expect(await count('core_publication', `pulp_id = '${idOf(href)}'`)).toBe(0);
    expect(await count('file_filepublication', `publication_id = '${idOf(href)}'`)).toBe(0);
    expect(await count('core_publishedmetadata', `publication_id = '${idOf(href)}'`)).toBe(0);
    expect((await client.call(href, { method: 'DELETE' })).status).toBe(404);
    expect((await client.call(`${PUBLICATIONS}${randomUUID()}/`)).status).toBe(404);
  });
});
