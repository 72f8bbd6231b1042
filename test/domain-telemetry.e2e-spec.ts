import type { Pool } from 'pg';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { ApiClient } from './support/api-client';
import { distributedFiles } from './support/distribute';
import { OtlpReceiver } from './support/otlp-receiver';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';

const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';
const api = (domain: string) => `/pulp/${domain}/api/v3/`;
/** The bytes uploaded into each domain. */
const UPLOADS = { 'team-x': ['x'.repeat(1000), 'y'.repeat(2000)], 'team-y': ['z'.repeat(777)] };
/** A file served from each domain, under the same base path and name. */
const SERVED = { 'team-x': Buffer.from('served from x'), 'team-y': Buffer.from('served from team y') };

// With domains, what telemetry and analytics report per domain is each domain's own (docs/telemetry.md,
// docs/analytics.md): `space_usage` sums the artifacts uploaded into each, analytics counts the domains.
describe('telemetry and analytics with domains', () => {
  let receiver: OtlpReceiver;
  let site: TestSite;
  let pool: Pool;
  let contentUrl: string;
  /** The bytes fetched from each domain's content so far: what artifacts.size.counter must say. */
  const fetchedBytes = new Map<string, number>();
  const fetched = async (domain: string, path: string) => {
    const response = await fetch(`${contentUrl}/pulp/content/${domain}/shared/${path}`);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    fetchedBytes.set(domain, (fetchedBytes.get(domain) ?? 0) + body.length);
    return body;
  };

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const env = receiver.env(500);
    site = await TestSite.create({ DOMAIN_ENABLED: true });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    const [apiProcess, contentProcess] = await Promise.all([
      site.start('api', { env }),
      site.start('content', { env }),
      site.start('worker', { env }),
    ]);
    contentUrl = contentProcess.baseUrl!;
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
      await distributedFiles(client, 'shared', { 'file.txt': SERVED[domain as keyof typeof SERVED] }, api(domain));
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
    // Each domain also holds its served file and the publication's manifest.
    const manifest = async (domain: string) => (await fetched(domain, 'PULP_MANIFEST')).length;
    expect(await usage('team-x')).toBe(3000 + SERVED['team-x'].length + (await manifest('team-x')));
    expect(await usage('team-y')).toBe(777 + SERVED['team-y'].length + (await manifest('team-y')));
    expect(await usage('default')).toBe(0);
  });

  it('counts artifacts.size.counter per served domain', async () => {
    for (const [domain, times] of [
      ['team-x', 2],
      ['team-y', 1],
    ] as const) {
      for (let time = 0; time < times; time++) {
        expect(await fetched(domain, 'file.txt')).toEqual(SERVED[domain]);
      }
    }
    for (const domain of ['team-x', 'team-y']) {
      await receiver.waitForMetric(
        'artifacts.size.counter',
        (point) => point.attributes.get('domain_name') === domain && point.value === fetchedBytes.get(domain),
      );
    }
    expect(
      receiver.points.some(
        (point) => point.metric === 'artifacts.size.counter' && point.attributes.get('domain_name') === 'default',
      ),
    ).toBe(false);
  });

  it('counts the domains in the analytics payload', async () => {
    const { code, output } = await site.manager(['analytics', '--dry-run']);
    expect(code).toBe(0);
    const shown = JSON.parse(output.split('\n').find((text) => text.startsWith('{'))!) as { rbacStats: object };
    expect(shown.rbacStats).toMatchObject({ domains: 3 });
  });
});
