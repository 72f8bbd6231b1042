import { adminSite, ApiClient, type Json } from './support/api-client';
import { FileFixtures } from './support/file-fixtures';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const ACS = `${API}acs/file/file/`;
const REMOTES = `${API}remotes/file/file/`;

// File alternate content sources (libs/core/src/acs, plugins/file/src/api/file-acs.ts).
describe('file alternate content sources', () => {
  let site: TestSite;
  let client: ApiClient;
  let onDemand: Json;
  let immediate: Json;

  const count = async (table: string) => Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const remote = async (name: string, policy: string) =>
    (await client.send(REMOTES, { name, url: 'http://upstream.example/files/', policy })).body as Json;

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    onDemand = await remote('lazy', 'on_demand');
    immediate = await remote('eager', 'immediate');
  });

  afterAll(() => site?.destroy());

  it('creates (201), reads and lists a source with its paths', async () => {
    const created = await client.send(ACS, { name: 'mirror', remote: onDemand.pulp_href, paths: ['b/', 'a/'] });
    expect(created.status).toBe(201);
    const id = created.body.pulp_href.split('/').at(-2);
    expect(created.body).toEqual({
      pulp_href: `${ACS}${id}/`,
      prn: `prn:file.filealternatecontentsource:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      name: 'mirror',
      last_refreshed: null,
      paths: ['a/', 'b/'],
      remote: onDemand.pulp_href,
    });
    expect((await client.call(created.body.pulp_href)).body).toEqual(created.body);
    expect((await client.call(`${ACS}?name__startswith=mir`)).body.results).toEqual([created.body]);
    expect((await client.call(`${ACS}?name=other`)).body.count).toBe(0);
    expect((await client.call(`${ACS}?ordering=-last_refreshed`)).status).toBe(200);
    // Gone before the next test counts what there is.
    expect((await client.accepted(await client.call(created.body.pulp_href, { method: 'DELETE' }))).state).toBe(
      'completed',
    );
  });

  it('refuses bad bodies with Pulp 400s and writes nothing', async () => {
    const before = await count('core_alternatecontentsource');
    const refused = [
      [
        { name: 'x', remote: immediate.pulp_href },
        { remote: ["Remote used with alternate content source must have the 'on_demand' policy."] },
      ],
      [{ name: 'x', remote: onDemand.pulp_href, paths: ['/abs/'] }, { paths: ['Path cannot start with a slash.'] }],
      [{ remote: onDemand.pulp_href }, { name: ['This field is required.'] }],
      [
        { name: 'x', remote: `${REMOTES}00000000-0000-0000-0000-000000000000/` },
        { remote: ['Invalid hyperlink - Object does not exist.'] },
      ],
      // The remote's id under another collection's path: not a remote's href.
      [
        { name: 'x', remote: onDemand.pulp_href.replace('/remotes/file/file/', '/repositories/file/file/') },
        { remote: ['Invalid hyperlink - Incorrect URL match.'] },
      ],
    ] as const;
    for (const [body, error] of refused) {
      const answer = await client.send(ACS, body);
      expect([answer.status, answer.body]).toEqual([400, error]);
    }
    await client.send(ACS, { name: 'taken', remote: onDemand.pulp_href });
    const taken = await client.send(ACS, { name: 'taken', remote: onDemand.pulp_href });
    expect([taken.status, taken.body]).toEqual([400, { name: ['This field must be unique.'] }]);
    expect(await count('core_alternatecontentsource')).toBe(before + 1);
  });

  it('updates paths through a task, answers 200 when nothing changes', async () => {
    const acs = (await client.send(ACS, { name: 'updated', remote: onDemand.pulp_href, paths: ['one/'] })).body;
    const same = await client.send(acs.pulp_href, { paths: ['one/'] }, 'PATCH');
    expect([same.status, same.body]).toEqual([200, acs]);
    const changed = await client.send(acs.pulp_href, { paths: ['two/', 'three/'] }, 'PATCH');
    expect(changed.status).toBe(202);
    const task = await client.waitForTask(changed.body.task);
    expect(task.state).toBe('completed');
    expect(task.result.paths).toEqual(['three/', 'two/']);
    expect((await client.call(acs.pulp_href)).body.paths).toEqual(['three/', 'two/']);
  });

  it('keeps a remote an ACS uses: its delete fails with a clear error and deletes nothing', async () => {
    const used = await remote('used-by-acs', 'on_demand');
    await client.send(ACS, { name: 'user', remote: used.pulp_href });
    const task = await client.waitForTask((await client.call(used.pulp_href, { method: 'DELETE' })).body.task);
    expect(task.state).toBe('failed');
    expect(task.error.description).toBe('Cannot delete: it is still used by core_alternatecontentsource.');
    expect((await client.call(used.pulp_href)).status).toBe(200);
  });

  it('refreshes every path as one task group, each into its own hidden repository', async () => {
    const acs = (
      await client.send(ACS, {
        name: 'refreshed',
        remote: onDemand.pulp_href,
        paths: ['x/PULP_MANIFEST', 'y/PULP_MANIFEST'],
      })
    ).body;
    const answer = await client.send(`${acs.pulp_href}refresh/`, {});
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['task_group']);
    const group = (await client.call(answer.body.task_group)).body;
    expect(group.all_tasks_dispatched).toBe(true);
    const tasks = (await client.call(`${API}tasks/?task_group=${answer.body.task_group}`)).body.results as Json[];
    expect(tasks.map((task) => task.name)).toEqual([
      'pulp_file.app.tasks.synchronizing.synchronize',
      'pulp_file.app.tasks.synchronizing.synchronize',
    ]);
    // Each path's sync shares the ACS, so that an update or delete of the ACS waits for it.
    for (const task of tasks) {
      expect(task.reserved_resources_record).toContain(`shared:${acs.prn}`);
    }
    const hidden = await site.query(
      `SELECT r.user_hidden, r.retain_repo_versions, p.path FROM core_alternatecontentsourcepath p JOIN core_repository r ON r.pulp_id = p.repository_id
        WHERE p.alternate_content_source_id = $1 ORDER BY p.path`,
      [acs.pulp_href.split('/').at(-2)],
    );
    expect(hidden).toEqual([
      { user_hidden: true, retain_repo_versions: 1, path: 'x/PULP_MANIFEST' },
      { user_hidden: true, retain_repo_versions: 1, path: 'y/PULP_MANIFEST' },
    ]);
    // Hidden repositories are not the users' to see.
    expect((await client.call(`${API}repositories/?name__startswith=refreshed`)).body.count).toBe(0);
    expect((await client.call(acs.pulp_href)).body.last_refreshed).toEqual(expect.any(String));

    const deleted = await client.waitForTask((await client.call(acs.pulp_href, { method: 'DELETE' })).body.task);
    expect(deleted.state).toBe('completed');
    expect((await client.call(acs.pulp_href)).status).toBe(404);
    expect(await site.query("SELECT 1 FROM core_repository WHERE name LIKE 'refreshed--%'")).toEqual([]);
  });

  it('lets an immediate sync take the files it lists, and fall back to the remote when it fails them', async () => {
    const files = [
      { path: 'a.txt', content: 'alpha' },
      { path: 'b.txt', content: 'beta' },
    ];
    // The ACS serves a.txt and b.txt; the sync's own remote lists them but cannot serve a.txt.
    const mirror = await FileFixtures.start({ files, missing: ['b.txt'] });
    const upstream = await FileFixtures.start({ files, missing: ['a.txt'] });
    try {
      const lazy = (
        await client.send(REMOTES, {
          name: 'mirror',
          url: mirror.url.replace('repo/PULP_MANIFEST', ''),
          policy: 'on_demand',
        })
      ).body;
      const acs = (await client.send(ACS, { name: 'nearby', remote: lazy.pulp_href, paths: ['repo/PULP_MANIFEST'] }))
        .body;
      const group = (await client.send(`${acs.pulp_href}refresh/`, {})).body.task_group as string;
      const refreshed = await pollUntil(
        async () => (await client.call(group)).body as Json,
        (body) => body.completed + body.failed + body.canceled === 1,
      );
      expect(refreshed.completed).toBe(1);

      const remote = (await client.send(REMOTES, { name: 'upstream', url: upstream.url, max_retries: 0 })).body;
      const repository = (
        await client.send(`${API}repositories/file/file/`, { name: 'with-acs', remote: remote.pulp_href })
      ).body;
      const task = await client.waitForTask((await client.send(`${repository.pulp_href}sync/`, {})).body.task);
      expect([task.state, task.error]).toEqual(['completed', null]);
      // a.txt only the ACS could give; b.txt the ACS failed, so the remote gave it.
      expect([mirror.requests.get('a.txt'), upstream.requests.get('a.txt')]).toEqual([1, undefined]);
      expect([mirror.requests.get('b.txt'), upstream.requests.get('b.txt')]).toEqual([1, 1]);
      const stored = await site.query(
        `SELECT fc.relative_path FROM file_filecontent fc JOIN core_contentartifact ca ON ca.content_id = fc.content_id
          WHERE ca.artifact_id IS NOT NULL ORDER BY 1`,
      );
      expect(stored).toEqual([{ relative_path: 'a.txt' }, { relative_path: 'b.txt' }]);
    } finally {
      await Promise.all([mirror.close(), upstream.close()]);
    }
  });
});
