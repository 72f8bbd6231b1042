import { randomUUID } from 'node:crypto';
import { ApiClient } from './support/api-client';
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
    site = await TestSite.create();
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    client = new ApiClient(await site.start('api'));
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

  it('stays correct while the change notifications are cut off, and after they come back', async () => {
    await site.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pulp-table-changes'",
    );
    const before = await count();
    await addContent();
    expect(await count()).toBe(before + 1);
    // The listener reconnects within seconds; from then on pages are cached and invalidated again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const listeners = await site.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'pulp-table-changes'");
    expect(listeners).toHaveLength(1);
    expect(await count()).toBe(before + 1);
    await addContent();
    expect(await count()).toBe(before + 2);
  });
});
