import type { Pool } from 'pg';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { ApiClient } from './support/api-client';
import { OtlpReceiver } from './support/otlp-receiver';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';

const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';
const api = (domain: string) => `/pulp/${domain}/api/v3/`;
/** The bytes uploaded into each domain. */
const UPLOADS = { 'team-x': ['x'.repeat(1000), 'y'.repeat(2000)], 'team-y': ['z'.repeat(777)] };

// With domains, what telemetry and analytics report per domain is each domain's own (docs/telemetry.md,
// docs/analytics.md): `space_usage` sums the artifacts uploaded into each, analytics counts the domains.
describe('telemetry and analytics with domains', () => {
  let receiver: OtlpReceiver;
  let site: TestSite;
  let pool: Pool;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const env = receiver.env(500);
    site = await TestSite.create({ DOMAIN_ENABLED: true });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    const [apiProcess] = await Promise.all([site.start('api', { env }), site.start('worker', { env })]);
    const client = new ApiClient(apiProcess);
    for (const [domain, bodies] of Object.entries(UPLOADS)) {
      const created = await client.send(`${api('default')}domains/`, {
        name: domain,
        storage_class: FILESYSTEM,
        storage_settings: { MEDIA_ROOT: '' },
      });
      expect(created.status).toBe(201);
      for (const body of bodies) {
        expect((await client.sendForm(`${api(domain)}artifacts/`, body)).status).toBe(201);
      }
    }
    pool = site.pool(1);
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
    await receiver?.close();
  });

  it('reports space_usage per domain: the bytes uploaded into each', async () => {
    const { id } = await new TaskQueue(pool, site.encryption).dispatch('pulpcore.app.tasks.telemetry.otel_metrics');
    await pollUntil(
      async () => (await site.query<{ state: string }>('SELECT state FROM core_task WHERE pulp_id = $1', [id]))[0],
      (row) => row.state === 'completed',
    );
    const usage = async (domain: string) =>
      (await receiver.waitForMetric('space_usage', (point) => point.attributes.get('domain_name') === domain)).value;
    expect(await usage('team-x')).toBe(3000);
    expect(await usage('team-y')).toBe(777);
    expect(await usage('default')).toBe(0);
  });

  it('counts the domains in the analytics payload', async () => {
    const { code, output } = await site.manager(['analytics', '--dry-run']);
    expect(code).toBe(0);
    const shown = JSON.parse(output.split('\n').find((text) => text.startsWith('{'))!) as { rbacStats: object };
    expect(shown.rbacStats).toMatchObject({ domains: 3 });
  });
});
