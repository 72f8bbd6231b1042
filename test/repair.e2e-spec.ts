import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

describe('repair of artifact storage', () => {
  let site: TestSite;
  let client: ApiClient;

  let upstream: Server;

  /** An artifact with these bytes, used by a content unit unless `orphan`; `remoteUrl`: where it came from. */
  const artifact = async (
    data: string,
    { orphan = false, remoteUrl }: { orphan?: boolean; remoteUrl?: string } = {},
  ) => {
    const { body } = await client.sendForm(`${API}artifacts/`, data);
    if (!orphan) {
      const [content] = await site.query<{ pulp_id: string }>(
        `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
         SELECT $1, pulp_id, 'test.thing' FROM core_domain WHERE name = 'default' RETURNING pulp_id`,
        [randomUUID()],
      );
      const contentArtifact = randomUUID();
      await site.query(
        `INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path) VALUES ($1, $2, $3, 'f')`,
        [contentArtifact, content.pulp_id, body.pulp_href.split('/').at(-2)],
      );
      if (remoteUrl) {
        const [remote] = await site.query<{ pulp_id: string }>(
          `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, name, url, max_retries)
           SELECT $1::uuid, pulp_id, 'test.thing', $1::text, $2, 0 FROM core_domain WHERE name = 'default' RETURNING pulp_id`,
          // The remote's own URL (a manifest, say) is not where this file is.
          [randomUUID(), `${remoteUrl}/MANIFEST`],
        );
        await site.query(
          `INSERT INTO core_remoteartifact (pulp_id, content_artifact_id, remote_id, url, sha256) VALUES ($1, $2, $3, $4, $5)`,
          [randomUUID(), contentArtifact, remote.pulp_id, remoteUrl, body.sha256],
        );
      }
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
    ({ site, client } = await adminSite());
    // Upstream has a good copy of /fixable (and a wrong one of /still-wrong).
    upstream = createServer((request, response) =>
      response.end(request.url === '/fixable' ? 'fixable bytes' : 'not the bytes'),
    ).listen(0, '127.0.0.1');
    await new Promise((resolve) => upstream.once('listening', resolve));
  });

  afterAll(async () => {
    upstream?.close();
    await site?.destroy();
  });

  const upstreamUrl = (path: string) => `http://127.0.0.1:${(upstream.address() as AddressInfo).port}${path}`;

  it('finds missing and corrupted files of used artifacts; without a remote they are deleted', async () => {
    const good = await artifact('good bytes');
    const lost = await artifact('lost bytes');
    const damaged = await artifact('damaged bytes');
    const orphan = await artifact('orphan bytes', { orphan: true });
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

  it('fetches a bad file again from the remote it came from, keeping only a copy with the right sha256', async () => {
    const fixable = await artifact('fixable bytes', { remoteUrl: upstreamUrl('/fixable') });
    const hopeless = await artifact('hopeless bytes', { remoteUrl: upstreamUrl('/still-wrong') });
    writeFileSync(fixable, 'tampered');
    rmSync(hopeless);
    const reports = await repair({});
    expect(reports['repair.repaired']).toBe(1);
    expect(readFileSync(fixable, 'utf8')).toBe('fixable bytes');
    expect(existsSync(hopeless)).toBe(false);
  });

  it('validates its body', async () => {
    expect(await client.send(`${API}repair/`, { verify_checksums: 'maybe' })).toEqual({
      status: 400,
      body: { verify_checksums: ['Must be a valid boolean.'] },
    });
  });
});
