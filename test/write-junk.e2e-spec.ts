import { randomUUID } from 'node:crypto';
import { ADMIN, ApiClient, type Json } from './support/api-client';
import { freePort } from './support/free-port';
import { completed, distributedFiles, uploadedFile } from './support/distribute';
import { junkBodies, type JunkBody, type SchemaProperty } from './support/junk-bodies';
import { leakedInternals } from './support/junk-corpus';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const FILESYSTEM_STORAGE = 'pulpcore.app.models.storage.FileSystem';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  contentTypes: string[];
  properties: Record<string, SchemaProperty>;
}

/** Tables whose rows move on their own (heartbeats): left out of "nothing created". */
const LIVE_TABLES = new Set(['core_appstatus']);

/**
 * Every write operation of the served schema (POST, PUT, PATCH) gets the junk corpus of
 * test/support/junk-bodies.ts, its path filled with real objects: it must never answer 5xx or a
 * database's or JavaScript's message, and no table may gain or lose a row. (Some junk is a fine
 * value for some fields, a label's key `12` say: what such a request changes is its business.)
 */
describe('junk in every write body', () => {
  let site: TestSite;
  let client: ApiClient;
  let schema: Json;
  let baseUrl: string;
  const unfilled = new Set<string>();

  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables = await site.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'typeorm%' ORDER BY 1",
    );
    const counted = tables.filter(({ name }) => !LIVE_TABLES.has(name));
    const [row] = await site.query<Record<string, string>>(
      `SELECT ${counted.map(({ name }) => `(SELECT count(*) FROM ${name}) AS ${name}`).join(', ')}`,
    );
    return Object.fromEntries(Object.entries(row).map(([name, count]) => [name, Number(count)]));
  };

  beforeAll(async () => {
    ({ site, client, baseUrl } = await patientSite());
    schema = (await client.call(`${API}docs/api.json`)).body as Json;
    // One object of every kind the write paths name, so that member operations reach their bodies.
    const repository = await distributedFiles(client, `junk-${randomUUID()}`, { 'a.txt': Buffer.from('a') });
    await uploadedFile(client, 'b.txt', Buffer.from('b'));
    await client.send(`${API}remotes/file/file/`, {
      name: 'junk-remote',
      url: 'http://127.0.0.1:1/PULP_MANIFEST',
      policy: 'on_demand',
    });
    await completed(client, client.send(`${API}publications/file/file/`, { repository }));
    await client.send(`${API}uploads/`, { size: 3 });
    await client.send(`${API}repositories/core/openpgp_keyring/`, { name: 'junk-keyring' });
    await completed(
      client,
      client.send(`${API}distributions/core/openpgp/`, { name: 'junk-keys', base_path: 'junk-keys' }),
    );
    for (const [path, body] of [
      ['contentguards/core/header/', { name: 'junk-header', header_name: 'x-a', header_value: 'b' }],
      ['contentguards/core/content_redirect/', { name: 'junk-redirect' }],
      ['contentguards/core/composite/', { name: 'junk-composite' }],
      ['contentguards/core/rbac/', { name: 'junk-rbac' }],
      ['groups/', { name: 'junk-group' }],
      // Not the default domain, which refuses every update before reading the body.
      ['domains/', { name: 'junk-domain', storage_class: FILESYSTEM_STORAGE, storage_settings: { location: '' } }],
      ['acs/file/file/', { name: 'junk-acs', remote: await firstHref(`${API}remotes/file/file/`) }],
    ] as const) {
      await client.send(`${API}${path}`, body);
    }
  }, 400_000);

  afterAll(() => site?.destroy());

  const firstHref = async (listPath: string): Promise<string | undefined> => {
    const { body } = await client.call(`${listPath}?limit=1`);
    return (body?.results as Json[] | undefined)?.[0]?.pulp_href as string | undefined;
  };

  /** The list operation of the objects a member placeholder names (its read operation's `_read` → `_list`). */
  const listPathOf = (placeholder: string): string | undefined => {
    const read = schema.paths[`{${placeholder}}`]?.get?.operationId as string | undefined;
    const list = read?.replace(/_read$/, '_list');
    return Object.entries(schema.paths as Json).find(([, item]) => item.get?.operationId === list)?.[0];
  };

  /** A path with each placeholder replaced by a real object's href (parents first). */
  const filled = async (path: string): Promise<string> => {
    const match = /^\{(\w+)\}(.*)$/.exec(path);
    if (!match) {
      return path;
    }
    const list = listPathOf(match[1]);
    if (!list) {
      throw new Error(`no list operation for ${match[1]}`);
    }
    const listPath = await filled(list);
    const href = await firstHref(listPath);
    if (!href) {
      // Objects no request can make (task groups): the member is unknown, its operations still answer.
      unfilled.add(match[1]);
    }
    return `${href ?? `${listPath}${randomUUID()}/`}${match[2]}`;
  };

  const operations = (): Operation[] =>
    Object.entries(schema.paths as Json).flatMap(([path, item]) =>
      (['post', 'put', 'patch'] as const)
        // An action without a body (an ACS's refresh/) has nothing to refuse: it ignores what it is sent.
        .filter((method) => item[method]?.requestBody)
        .map((method) => {
          const content = (item[method].requestBody?.content ?? {}) as Json;
          const ref = (Object.values(content)[0] as Json | undefined)?.schema?.$ref as string | undefined;
          const component = ref ? schema.components.schemas[ref.split('/').pop()!] : undefined;
          return {
            method: method.toUpperCase(),
            path,
            operationId: item[method].operationId as string,
            contentTypes: Object.keys(content),
            properties: (component?.properties ?? {}) as Record<string, SchemaProperty>,
          };
        }),
    );

  const send = async (method: string, path: string, body: JunkBody) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...ADMIN, 'content-type': body.contentType },
      body: body.payload,
    });
    return { status: response.status, text: await response.text() };
  };

  it('answers every junk body without a 5xx or a raw message, and creates nothing', async () => {
    const writes = operations();
    expect(writes.length).toBeGreaterThan(50);
    const before = await rowCounts();
    const failures: string[] = [];
    let sent = 0;
    for (const operation of writes) {
      const path = await filled(operation.path);
      await inBatches(junkBodies(operation.properties, operation.contentTypes), 12, async (body) => {
        const answer = await send(operation.method, path, body);
        sent += 1;
        const leaked = leakedInternals(answer.text);
        if (answer.status >= 500 || leaked) {
          failures.push(
            `${operation.operationId} ${body.name}: ${answer.status} ${leaked ?? answer.text.slice(0, 300)}`,
          );
        }
      });
    }
    const after = await rowCounts();
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    process.stdout.write(
      `write junk: ${sent} bodies to ${writes.length} operations; no object for ${[...unfilled].join(', ') || 'none'}\n`,
    );
    expect(failures).toEqual([]);
    expect(changed.map((table) => `${table}: ${before[table]} → ${after[table]}`)).toEqual([]);
  }, 600_000);

  const NUL = ['Null characters are not allowed.'];
  const refused = async (answer: Promise<{ status: number; body: any }>, body: Json) => {
    const { status, body: answered } = await answer;
    expect({ status, body: answered }).toEqual({ status: 400, body });
  };

  it('refuses NUL in text fields and labels with Pulp words', async () => {
    const repositories = `${API}repositories/file/file/`;
    await refused(client.send(repositories, { name: 'a\u0000b' }), { name: NUL });
    await refused(client.send(repositories, { name: 'n', pulp_labels: { k: 'v\u0000' } }), { pulp_labels: NUL });
    await refused(client.send(`${API}remotes/file/file/`, { name: 'n', url: 'http://x/\u0000' }), { url: NUL });
    const repository = await firstHref(repositories);
    await refused(client.send(`${repository}set_label/`, { key: 'k', value: '\u0000' }), { value: NUL });
  });

  it("holds integers to their column's range, bigint ones to exact JavaScript integers", async () => {
    const remote = { name: `r-${randomUUID()}`, url: 'http://127.0.0.1:1/PULP_MANIFEST' };
    await refused(client.send(`${API}remotes/file/file/`, { ...remote, download_concurrency: 2 ** 31 }), {
      download_concurrency: ['Ensure this value is less than or equal to 2147483647.'],
    });
    await refused(client.send(`${API}repositories/file/file/`, { name: 'n', retain_repo_versions: 2 ** 64 }), {
      retain_repo_versions: ['Ensure this value is less than or equal to 2147483647.'],
    });
    await refused(client.send(`${API}uploads/`, { size: 2 ** 53 + 2 }), {
      size: ['Ensure this value is less than or equal to 9007199254740991.'],
    });
    const big = await client.send(`${API}uploads/`, { size: 2 ** 40 });
    expect([big.status, big.body.size]).toEqual([201, 2 ** 40]);
  });

  it('refuses text beyond an indexed column with its limit', async () => {
    await refused(client.send(`${API}repositories/file/file/`, { name: 'x'.repeat(256) }), {
      name: ['Ensure this field has no more than 255 characters.'],
    });
    await refused(client.send(`${API}distributions/file/file/`, { name: 'd', base_path: 'b'.repeat(256) }), {
      base_path: ['Ensure this field has no more than 255 characters.'],
    });
    const path = 'p/'.repeat(300) + 'f';
    await refused(client.sendForm(`${API}content/file/files/upload/`, 'x', { relative_path: path }), {
      relative_path: ['Ensure this field has no more than 512 characters.'],
    });
  });

  it('refuses a purge body that is no object, or whose states are no list', async () => {
    const purge = `${API}tasks/purge/`;
    await refused(client.send(purge, [1]), {
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    await refused(client.send(purge, { states: 'completed' }), {
      states: ['Expected a list of items but got type "str".'],
    });
    await refused(client.send(purge, { states: ['running'] }), { states: ['"running" is not a valid choice.'] });
  });

  it('answers null where an href is required as Pulp does', async () => {
    const repository = await firstHref(`${API}repositories/file/file/`);
    await refused(client.send(`${repository}modify/`, { base_version: null }), {
      base_version: ['This field may not be null.'],
    });
    await refused(client.send(`${repository}sync/`, { remote: null }), { remote: ['This field may not be null.'] });
    await refused(client.send(`${API}publications/file/file/`, { repository: null }), {
      repository: ['This field may not be null.'],
    });
  });

  it('refuses backslashes in base paths and relative paths, and manifests that are no plain file name', async () => {
    await refused(client.send(`${API}distributions/file/file/`, { name: 'bs', base_path: 'a\\b' }), {
      base_path: ["Base path must not contain '\\'."],
    });
    await refused(client.sendForm(`${API}content/file/files/upload/`, 'x', { relative_path: 'a\\b.txt' }), {
      relative_path: ["Relative path must not contain '\\'."],
    });
    const repository = await firstHref(`${API}repositories/file/file/`);
    const manifest = ["Enter a file name, without '/', '\\' or control characters."];
    for (const name of ['../x', 'a/b', '..', 'a\\b']) {
      await refused(client.send(`${API}publications/file/file/`, { repository, manifest: name }), { manifest });
      await refused(client.send(`${API}repositories/file/file/`, { name: 'm', manifest: name }), { manifest });
    }
  });

  it('validates an asynchronous update before dispatching it', async () => {
    const tasks = await site.count('core_task');
    const remote = await firstHref(`${API}remotes/file/file/`);
    await refused(client.send(remote!, { rate_limit: 2 ** 31 }, 'PATCH'), {
      rate_limit: ['Ensure this value is less than or equal to 2147483647.'],
    });
    const distribution = await firstHref(`${API}distributions/file/file/`);
    await refused(client.send(distribution!, { base_path: 'x\\y' }, 'PATCH'), {
      base_path: ["Base path must not contain '\\'."],
    });
    expect(await site.count('core_task')).toBe(tasks);
  });

  it('lets one of racing creates of the same base path win; the others fail with uniqueness, in Pulp words', async () => {
    const basePath = `race-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        client.send(`${API}distributions/file/file/`, { name: `${basePath}-${index}`, base_path: basePath }),
      ),
    );
    const outcomes = await Promise.all(
      answers.map(async (answer) => {
        if (answer.status !== 202) {
          return { status: answer.status, body: answer.body as unknown };
        }
        const task = await client.accepted(answer);
        // What a client prints of a failed task (its traceback is Pulp's stack, and stays).
        return { state: task.state as string, description: task.error?.description as unknown };
      }),
    );
    const served = await client.call(`${API}distributions/file/file/?base_path=${basePath}`);
    expect(served.body.count).toBe(1);
    const refusals = outcomes.filter((outcome) => !('state' in outcome && outcome.state === 'completed'));
    expect(refusals).toHaveLength(3);
    for (const refusal of refusals) {
      const words = JSON.stringify(refusal);
      expect(words).toMatch(/base_path.*This field must be unique\./);
      expect(leakedInternals(words)).toBeUndefined();
    }
  });
});

/** Runs `each` over `items`, `size` at a time. */
async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(each));
  }
}

/**
 * A site with the admin's password set, its API and a worker started one after the other, each
 * given two minutes: the sweep's set-up must not fail on a busy machine.
 */
async function patientSite(): Promise<{ site: TestSite; client: ApiClient; baseUrl: string }> {
  const site = await TestSite.create();
  const reset = await site.manager(['reset-admin-password', '--password', 'pw']);
  if (reset.code !== 0) {
    throw new Error(`reset-admin-password failed:\n${reset.output}`);
  }
  const baseUrl = `http://127.0.0.1:${await freePort()}`;
  const api = site.spawn('api', ['--bind', baseUrl.slice('http://'.length)], {}, baseUrl);
  await api.waitFor(/listening on/, 120_000);
  await site.spawn('worker').waitFor(/Worker \S+ started/, 120_000);
  return { site, client: new ApiClient(api), baseUrl };
}
