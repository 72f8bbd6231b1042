import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

// Which content types give their files back is each plugin's choice (DetailType.reclaimable); no
// bundled type is reclaimable yet, so these tests cover the request, the locks and the protection
// of content whose type did not opt in. The file plugin's suite reclaims file content.
describe('reclaim space', () => {
  let site: TestSite;
  let client: ApiClient;
  let repository: string;
  let version: string;
  let stored: string;

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    const artifact = (await client.sendForm(`${API}artifacts/`, 'kept bytes')).body;
    stored = join(site.dir, 'media', artifact.file as string);
    repository = randomUUID();
    version = randomUUID();
    const content = randomUUID();
    const contentArtifact = randomUUID();
    await site.query(
      `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
       SELECT $1, pulp_id, 'test.thing', 'repo', 1 FROM core_domain WHERE name = 'default'`,
      [repository],
    );
    await site.query(
      `INSERT INTO core_repositoryversion (pulp_id, repository_id, number, complete) VALUES ($1, $2, 0, true)`,
      [version, repository],
    );
    await site.query(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_id, 'test.thing' FROM core_domain WHERE name = 'default'`,
      [content],
    );
    await site.query(
      `INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path) VALUES ($1, $2, $3, 'f')`,
      [contentArtifact, content, artifact.pulp_href.split('/').at(-2)],
    );
    await site.query(
      'INSERT INTO core_repositorycontent (repository_id, content_id, added_number) VALUES ($1, $2, 0)',
      [repository, content],
    );
  });

  afterAll(() => site?.destroy());

  const reclaim = async (body: Json) => {
    const { status, body: accepted } = await client.send(`${API}repositories/reclaim_space/`, body);
    expect(status).toBe(202);
    return client.waitForTask(accepted.task);
  };

  it('shares the named repositories, and keeps the files of content whose type is protected', async () => {
    const task = await reclaim({
      repo_hrefs: [`${API}repositories/test/thing/${repository}/`],
      repo_versions_keeplist: [`prn:core.repositoryversion:${version}`],
    });
    expect(task.state).toBe('completed');
    expect(task.reserved_resources_record).toContain(`shared:prn:test.thingrepository:${repository}`);
    expect(task.progress_reports).toEqual([
      expect.objectContaining({ code: 'reclaim-space.artifact', message: 'Reclaim disk space', total: 0, done: 0 }),
    ]);
    expect(existsSync(stored)).toBe(true);
  });

  it('takes the whole domain with ["*"]', async () => {
    const task = await reclaim({ repo_hrefs: ['*'] });
    expect(task.state).toBe('completed');
    expect(task.reserved_resources_record.some((name: string) => /^pdrn:[0-9a-f-]+:reclaim_space$/.test(name))).toBe(
      true,
    );
  });

  it.each([
    [{}, { repo_hrefs: ['This field is required.'] }],
    [{ repo_hrefs: [] }, { repo_hrefs: ['Must not be [].'] }],
    [
      { repo_hrefs: ['*', `${API}repositories/test/thing/${randomUUID()}/`] },
      { repo_hrefs: ["'*' cannot be combined with repository hrefs."] },
    ],
    [{ repo_hrefs: ['nonsense'] }, { repo_hrefs: ['URI not valid: nonsense'] }],
    [
      { repo_hrefs: ['*'], repo_versions_keeplist: ['nonsense'] },
      { repo_versions_keeplist: ['URI not valid: nonsense'] },
    ],
  ])('refuses %j', async (body, errors) => {
    expect(await client.send(`${API}repositories/reclaim_space/`, body)).toEqual({ status: 400, body: errors });
  });

  it('refuses a repository or kept version that does not exist', async () => {
    const missing = `${API}repositories/test/thing/${randomUUID()}/`;
    expect(await client.send(`${API}repositories/reclaim_space/`, { repo_hrefs: [missing] })).toEqual({
      status: 400,
      body: { repo_hrefs: [`URI ${missing} not found for repository.`] },
    });
    const noVersion = `${API}repositories/test/thing/${repository}/versions/7/`;
    expect(
      await client.send(`${API}repositories/reclaim_space/`, {
        repo_hrefs: ['*'],
        repo_versions_keeplist: [noVersion],
      }),
    ).toEqual({
      status: 400,
      body: { repo_versions_keeplist: [`URI ${noVersion} not found for repository version.`] },
    });
  });
});
