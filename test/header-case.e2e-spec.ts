import { randomUUID } from 'node:crypto';
import { adminSite, type ApiClient } from './support/api-client';
import { distributedFiles } from './support/distribute';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import { redisAnswers } from './support/redis-probe';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const P = '/pulp/content/';
const REDIS = { host: '127.0.0.1', port: 6379, db: 9 };
// The cache outlives the site (its entries expire): each run serves at a base path of its own.
const basePath = `header-case-${randomUUID()}`;

// X-PULP-CACHE comes only from the response cache, which needs a Redis.
const cached = redisAnswers(REDIS.host, REDIS.port);
if (!cached) {
  process.stdout.write(
    `header-case.e2e-spec: X-PULP-CACHE not checked, no Redis answers on ${REDIS.host}:${REDIS.port}\n`,
  );
}

/** What Node adds to every response on a kept-alive connection. */
const CONNECTION = ['Date', 'Connection', 'Keep-Alive'];

// Header names as they cross the wire, in Pulp's spelling: clients print them, scripts grep them.
describe('response header names on the wire', () => {
  let site: TestSite;
  let client: ApiClient;
  let api: PulpProcess;
  let content: PulpProcess;

  /** The header names of one answer, as sent, and its status. */
  const namesOf = async (server: PulpProcess, path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const answer = await rawRequest(server.baseUrl!, path, { method, headers });
    return { status: answer.status, names: answer.rawNames.sort() };
  };
  const expected = (status: number, names: string[]) => ({ status, names: [...names, ...CONNECTION].sort() });

  beforeAll(async () => {
    ({ site, client } = await adminSite(
      cached ? { CACHE_ENABLED: true, REDIS_HOST: REDIS.host, REDIS_PORT: REDIS.port, REDIS_DB: REDIS.db } : {},
    ));
    api = site.processes.find((process) => process.baseUrl !== undefined)!; // the worker has none
    content = await site.start('content');
    await distributedFiles(client, basePath, { 'hello.txt': Buffer.from('hello, headers\n') });
  });

  afterAll(() => site?.destroy());

  it('spells the API’s headers as Pulp does', async () => {
    const json = ['Correlation-ID', 'Content-Type', 'Content-Length'];
    expect(await namesOf(api, `${API}status/`)).toEqual(expected(200, json));
    expect(await namesOf(api, `${API}tasks/`)).toEqual(expected(401, [...json, 'WWW-Authenticate']));
    expect(await namesOf(api, `${API}status/`, {}, 'DELETE')).toEqual(expected(405, [...json, 'Allow']));
  });

  it('spells the content app’s headers as Pulp does', async () => {
    const file = `${P}${basePath}/hello.txt`;
    const cache = cached ? ['X-PULP-CACHE'] : [];
    const served = [
      'Correlation-ID',
      'Content-Type',
      'Content-Length',
      'ETag',
      'Last-Modified',
      'Accept-Ranges',
      'X-PULP-ARTIFACT-SIZE',
      ...cache,
    ];
    expect(await namesOf(content, file)).toEqual(expected(200, served));
    expect(await namesOf(content, file, { range: 'bytes=0-4' })).toEqual(expected(206, [...served, 'Content-Range']));
    if (cached) {
      // A hit is rebuilt from the entry the cache kept: the same names.
      const hit = await pollUntil(
        () => rawRequest(content.baseUrl!, file),
        (answer) => answer.headers['x-pulp-cache'] === 'HIT',
      );
      expect({ status: hit.status, names: hit.rawNames.sort() }).toEqual(expected(200, served));
    }
    expect(await namesOf(content, `${P}${basePath}`)).toEqual(
      expected(301, ['Correlation-ID', 'Location', 'Content-Length', ...cache]),
    );
  });
});
