import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

// List pages of the content model are kept in memory while their tables do not change: every
// committed write must make the next request read the database again.
describe('cached list pages', () => {
  let site: TestSite;
  let client: ApiClient;

  const addContent = () =>
    site.query(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_id, 'test.thing' FROM core_domain WHERE name = 'default'`,
      [randomUUID()],
    );
  const count = async () => (await client.call(`${API}content/?limit=1`)).body.count as number;

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: false }));
  });

  afterAll(() => site?.destroy());

  it('never serves a page older than the last committed change', async () => {
    for (let n = 1; n <= 20; n += 1) {
      await addContent();
      expect(await count()).toBe(n);
      expect(await count()).toBe(n);
    }
  });

  it('serves a repeated page from memory (a write that does not notify is not seen)', async () => {
    const before = await count();
    await site.query('ALTER TABLE core_content DISABLE TRIGGER core_content_notify_changes');
    try {
      await addContent();
      expect(await count()).toBe(before);
    } finally {
      await site.query('ALTER TABLE core_content ENABLE TRIGGER core_content_notify_changes');
    }
    await addContent();
    expect(await count()).toBe(before + 2);
  });

  it('drops its pages at once after a write it answered itself, before any notification', async () => {
    const artifacts = async () => (await client.call(`${API}artifacts/`)).body.count as number;
    const before = await artifacts();
    // No notification can tell this process: only its own write may.
    await site.query('ALTER TABLE core_artifact DISABLE TRIGGER core_artifact_notify_changes');
    try {
      expect((await client.sendForm(`${API}artifacts/`, `own write ${randomUUID()}`)).status).toBe(201);
      expect(await artifacts()).toBe(before + 1);
    } finally {
      await site.query('ALTER TABLE core_artifact ENABLE TRIGGER core_artifact_notify_changes');
    }
  });

  it('stays correct while the change notifications are cut off, and after they come back', async () => {
    await site.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pulp-table-changes' AND datname = current_database()",
    );
    const before = await count();
    await addContent();
    expect(await count()).toBe(before + 1);
    // The listener reconnects within seconds; from then on pages are cached and invalidated again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const listeners = await site.query(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = 'pulp-table-changes' AND datname = current_database()",
    );
    expect(listeners).toHaveLength(1);
    expect(await count()).toBe(before + 1);
    await addContent();
    expect(await count()).toBe(before + 2);
  });
});
