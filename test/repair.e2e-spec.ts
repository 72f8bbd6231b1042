import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

describe('repair of artifact storage', () => {
  let site: TestSite;
  let client: ApiClient;

  /** An artifact with these bytes, used by a content unit unless `orphan`. */
  const artifact = async (data: string, orphan = false) => {
    const { body } = await client.sendForm(`${API}artifacts/`, data);
    if (!orphan) {
      const [content] = await site.query<{ pulp_id: string }>(
        `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
         SELECT $1, pulp_id, 'test.thing' FROM core_domain WHERE name = 'default' RETURNING pulp_id`,
        [randomUUID()],
      );
      await site.query(
        `INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path) VALUES ($1, $2, $3, 'f')`,
        [randomUUID(), content.pulp_id, body.pulp_href.split('/').at(-2)],
      );
    }
    return join(site.dir, 'media', body.file as string);
  };
  const repair = async (body: Json) => {
    const { status, body: accepted } = await client.send(`${API}repair/`, body);
    expect(status).toBe(202);
    const task = await client.waitForTask(accepted.task);
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.repository.repair_all_artifacts' });
    return Object.fromEntries(task.progress_reports.map((report: Json) => [report.code, report.done]));
  };

  beforeAll(async () => {
    site = await TestSite.create();
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    const [api] = await Promise.all([site.start('api'), site.start('worker')]);
    client = new ApiClient(api);
  });

  afterAll(() => site?.destroy());

  it('finds missing and corrupted files of used artifacts; without a remote they are deleted', async () => {
    const good = await artifact('good bytes');
    const lost = await artifact('lost bytes');
    const damaged = await artifact('damaged bytes');
    const orphan = await artifact('orphan bytes', true);
    rmSync(lost);
    writeFileSync(damaged, 'tampered');
    writeFileSync(orphan, 'tampered too');

    expect(await repair({ verify_checksums: false })).toEqual({
      'repair.missing': 1,
      'repair.corrupted': 0,
      'repair.repaired': 0,
    });
    expect(existsSync(damaged)).toBe(true);

    // The lost file stays missing: nothing could fetch it again.
    expect(await repair({})).toEqual({ 'repair.missing': 1, 'repair.corrupted': 1, 'repair.repaired': 0 });
    expect(existsSync(good)).toBe(true);
    expect(existsSync(damaged)).toBe(false);
    // Orphans are not repaired: orphan cleanup is their fate.
    expect(existsSync(orphan)).toBe(true);
  });

  it('validates its body', async () => {
    expect(await client.send(`${API}repair/`, { verify_checksums: 'maybe' })).toEqual({
      status: 400,
      body: { verify_checksums: ['Must be a valid boolean.'] },
    });
  });
});
