import { ADMIN, adminSite, type ApiClient, type Json } from './support/api-client';
import { JUNK_Q, JUNK_STRINGS, leakedInternals, PROTOTYPE_NAMES, queryComponent } from './support/junk-corpus';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

/** A list operation of the served schema, its path filled in, and the query parameters it declares. */
interface ListEndpoint {
  operationId: string;
  path: string;
  parameters: string[];
}

/** A request of the sweep and what came back. */
interface Probe {
  url: string;
  status: number;
  text: string;
}

/** Answers to `urls`, with at most six requests in flight. */
async function probeAll(baseUrl: string, urls: string[]): Promise<Probe[]> {
  const probes: Probe[] = [];
  await inPool(urls, 6, async (url) => {
    const response = await fetch(`${baseUrl}${url}`, { headers: ADMIN });
    probes.push({ url, status: response.status, text: await response.text() });
  });
  return probes;
}

/** A probe's URL as a reader can take it in (values of 8k characters shortened). */
function shown(probe: Probe): string {
  return `${probe.status} ${probe.url.length > 200 ? `${probe.url.slice(0, 200)}…` : probe.url}`;
}

/**
 * The list operations the API serves (operationId `…_list`), read from its own schema: a new list
 * is swept without anyone writing a test for it. Lists nested under an object (`{…_href}versions/`)
 * are filled with the first object of the list that object comes from.
 */
async function listEndpoints(client: ApiClient): Promise<ListEndpoint[]> {
  const schema = (await client.call(`${API}docs/api.json`)).body as Json;
  const operations = Object.entries(schema.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method === 'get')
      .map(([, operation]) => ({ path, operation: operation as Json })),
  );
  const endpoints: ListEndpoint[] = [];
  for (const { path, operation } of operations.filter(({ operation }) => operation.operationId.endsWith('_list'))) {
    endpoints.push({
      operationId: operation.operationId,
      path: await fillPath(client, path, operations),
      parameters: ((operation.parameters ?? []) as Json[])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name as string),
    });
  }
  return endpoints;
}

async function fillPath(
  client: ApiClient,
  path: string,
  operations: Array<{ path: string; operation: Json }>,
): Promise<string> {
  const hrefParameter = /^\{(\w+_href)\}/.exec(path)?.[1];
  if (!hrefParameter) {
    return path;
  }
  const read = operations.find((candidate) => candidate.path === `{${hrefParameter}}`)?.operation;
  const parentList = operations.find(
    (candidate) => read && candidate.operation.operationId === read.operationId.replace(/_read$/, '_list'),
  );
  const first = parentList && (await client.call(`${parentList.path}?limit=1`)).body?.results?.[0];
  if (!first) {
    throw new Error(`no object to list ${path} under: seed one in this suite`);
  }
  return path.replace(`{${hrefParameter}}`, first.pulp_href as string);
}

describe('every list of the served schema, against hostile query strings', () => {
  let site: TestSite;
  let client: ApiClient;
  let lists: ListEndpoint[];
  let baseUrl: string;

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: false }));
    baseUrl = site.processes[0].baseUrl!;
    await seedParents(client);
    lists = await listEndpoints(client);
  }, 120_000);

  afterAll(() => site?.destroy());

  it('finds the lists in the schema', () => {
    expect(lists.length).toBeGreaterThan(20);
    expect(lists.map((list) => list.operationId)).toEqual(
      expect.arrayContaining(['tasks_list', 'repositories_file_file_versions_list', 'content_file_files_list']),
    );
  });

  it('refuses names of the JavaScript object prototype as filters, orderings and q terms, with Pulp messages', async () => {
    // All names in one request where a list reports them all (filters, orderings); q reads one term at a time.
    const expectations = lists.flatMap((list) => {
      const has = (name: string) => list.parameters.includes(name);
      const filters = PROTOTYPE_NAMES.map((name) => `${encodeURIComponent(name)}=1`).join('&');
      const ordering = PROTOTYPE_NAMES.map((name) => `-${name}`);
      return [
        {
          url: `${list.path}?${filters}`,
          body: { errors: PROTOTYPE_NAMES.map((name) => `Invalid Filter: '${name}'`) },
        },
        ...(has('ordering')
          ? [
              {
                url: `${list.path}?ordering=${encodeURIComponent(ordering.join(','))}`,
                body: {
                  ordering: ordering.map(
                    (term) => `Select a valid choice. ${term} is not one of the available choices.`,
                  ),
                },
              },
            ]
          : []),
        ...PROTOTYPE_NAMES.filter((name) => /^\w+$/.test(name)).map((name) => ({
          url: `${list.path}?q=${encodeURIComponent(`${name}="x"`)}`,
          body: has('q') ? { q: [`Filter '${name}' does not exist.`] } : { errors: ["Invalid Filter: 'q'"] },
        })),
      ];
    });
    const probes = await probeAll(
      baseUrl,
      expectations.map((expectation) => expectation.url),
    );
    const byUrl = new Map(probes.map((probe) => [probe.url, probe]));
    const wrong = expectations
      .map(({ url, body }) => ({ expected: body, probe: byUrl.get(url)! }))
      .filter(({ expected, probe }) => probe.status !== 400 || probe.text !== JSON.stringify(expected))
      .map(({ probe }) => `${shown(probe)} ${probe.text.slice(0, 200)}`);
    expect(wrong).toEqual([]);
  });

  it.each([
    ['repositories/?name=a%00b', { name: ['Null characters are not allowed.'] }],
    ['repositories/?pulp_label_select=env%3D%00', { pulp_label_select: ['Null characters are not allowed.'] }],
    ['tasks/?q=name%3D%22%00%22', { q: ['Null characters are not allowed.'] }],
    ['tasks/?limit=99999999999999999999', { limit: ['Ensure this value is less than or equal to 9007199254740991.'] }],
    ['tasks/?offset=9007199254740992', { offset: ['Ensure this value is less than or equal to 9007199254740991.'] }],
    [
      'repository_versions/?number__gte=99999999999999999999',
      {
        number__gte: ['Ensure this value is less than or equal to 2147483647.'],
      },
    ],
    [
      'uploads/?size__gt=9223372036854775808',
      {
        size__gt: ['Ensure this value is less than or equal to 9223372036854775807.'],
      },
    ],
    ['tasks/?started_at__gt=0000-01-01T00:00:00Z', { started_at__gt: ['Enter a valid date/time.'] }],
    ['tasks/?q=<4000 nested parentheses>', { q: ['Filter expression exceeds allowed complexity.'] }],
    ['tasks/?q=<1500 NOTs>', { q: ['Filter expression exceeds allowed complexity.'] }],
    // PostgreSQL's regex dialect judges, even over a list with no rows (remotes).
    ['repositories/?name__regex=%5B%5D', { name__regex: ['Enter a valid regular expression.'] }],
    ['remotes/?name__iregex=%5B%5D', { name__iregex: ['Enter a valid regular expression.'] }],
    ['repositories/?q=name__regex%3D%22(%22', { q: ['Enter a valid regular expression.'] }],
  ])('refuses %s with 400 and Pulp’s message', async (query, body) => {
    const expanded = query
      .replace('<4000 nested parentheses>', `${'('.repeat(4_000)}name%3Dx${')'.repeat(4_000)}`)
      .replace('<1500 NOTs>', `${'NOT%20'.repeat(1_500)}name%3Dx`);
    expect(await client.call(`${API}${expanded}`)).toEqual({ status: 400, body });
  });

  it('answers long and edge values it can use with the right rows', async () => {
    const names = async (query: string) =>
      ((await client.call(`${API}${query}`)).body.results as Json[]).map((result) => result.name as string);
    expect(await names(`repositories/?name=${'x'.repeat(8_000)}`)).toEqual([]);
    expect(await names(`repositories/?name__contains=${'x'.repeat(8_000)}`)).toEqual([]);
    expect(await names(`repositories/?name__regex=(a%2B)%2B%24`)).toEqual([]);
    expect(await names('repositories/?name__regex=%5Esw(%3F%3Dee)')).toEqual(['sweep']);
    expect(await names('repository_versions/?number__lte=2147483647')).toEqual([undefined]);
    expect((await client.call(`${API}repositories/?offset=9007199254740991`)).body.results).toEqual([]);
  });

  it('refuses a NUL in a basic-auth user name as bad credentials', async () => {
    const authorization = `Basic ${Buffer.from('ad\u0000min:pw').toString('base64')}`;
    const response = await fetch(`${baseUrl}${API}tasks/`, { headers: { authorization } });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 401,
      body: { detail: 'Invalid username/password.' },
    });
  });

  it('reads the last of a repeated query parameter that takes one value, as Django does', async () => {
    const repeated = await client.call(`${API}docs/api.json?component=nope&component=core`);
    expect(repeated).toEqual(await client.call(`${API}docs/api.json?component=core`));
    expect(repeated.status).toBe(200);
  });

  it('answers a query too long for a request head cleanly, and keeps serving', async () => {
    const response = await fetch(`${baseUrl}${API}tasks/?name=${'x'.repeat(100_000)}`, { headers: ADMIN });
    expect([414, 431]).toContain(response.status);
    expect((await client.call(`${API}tasks/`)).status).toBe(200);
  });

  it('answers every list parameter of every list, given junk, with 200 or 400 and nothing internal', async () => {
    const started = Date.now();
    const jobs = lists.flatMap((list) =>
      [...JUNK_STRINGS, ...JUNK_Q].map((junk) => ({
        list,
        // q's own junk goes to q alone; the rest to every parameter.
        names: JUNK_Q.includes(junk) ? list.parameters.filter((name) => name === 'q') : list.parameters,
        value: queryComponent(junk.value),
      })),
    );
    const failures: string[] = [];
    let requests = 0;
    await inPool(jobs, 8, async ({ list, names, value }) => {
      for (const group of urlSized(names, value)) {
        const made = await narrowDown(baseUrl, list.path, group, value, failures);
        requests += made;
      }
    });
    expect(failures).toEqual([]);
    process.stdout.write(`list sweep: ${jobs.length} junk values, ${requests} requests, ${Date.now() - started} ms\n`);
  }, 600_000);
});

/** Runs `work` on every job with at most `concurrency` in flight (the machine is shared). */
async function inPool<T>(jobs: T[], concurrency: number, work: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      await work(jobs[next++]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Node refuses a request head over 16 KB: parameters grouped so that each URL stays under 12 KB. */
function urlSized(names: string[], encodedValue: string): string[][] {
  const groups: string[][] = [];
  let size = Infinity;
  for (const name of names) {
    const length = name.length + encodedValue.length + 2;
    if (size + length > 12_000) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(name);
    size += length;
  }
  return groups;
}

/**
 * Sends the junk value to all of `names` at once. A list reports every refused parameter in its 400,
 * so the others (whose value reached SQL) are sent again without them; an answer that is wrong, or a
 * 400 that names no parameter, is split in halves down to the one parameter at fault. Returns the
 * number of requests made.
 */
async function narrowDown(
  baseUrl: string,
  path: string,
  names: string[],
  value: string,
  failures: string[],
): Promise<number> {
  const url = `${path}?${names.map((name) => `${name}=${value}`).join('&')}`;
  const response = await fetch(`${baseUrl}${url}`, { headers: ADMIN });
  const probe = { url, status: response.status, text: await response.text() };
  const leak = leakedInternals(probe.text);
  const wrong = ![200, 400].includes(probe.status) || leak !== undefined || !isJson(probe.text);
  const refused = probe.status === 400 && !wrong ? Object.keys(JSON.parse(probe.text) as Json) : [];
  if (refused.length > 0 && refused.every((name) => names.includes(name))) {
    const rest = names.filter((name) => !refused.includes(name));
    return 1 + (rest.length > 0 ? await narrowDown(baseUrl, path, rest, value, failures) : 0);
  }
  if (!wrong && probe.status === 200) {
    return 1;
  }
  if (names.length === 1) {
    if (wrong) {
      failures.push(`${shown(probe)} ${leak ?? probe.text.slice(0, 200)}`);
    }
    return 1;
  }
  const half = Math.ceil(names.length / 2);
  return (
    1 +
    (await narrowDown(baseUrl, path, names.slice(0, half), value, failures)) +
    (await narrowDown(baseUrl, path, names.slice(half), value, failures))
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** One object of each kind lists are nested under (`{…_href}versions/`), so that every nested list has something to list. */
async function seedParents(client: ApiClient): Promise<void> {
  expect((await client.send(`${API}repositories/file/file/`, { name: 'sweep' })).status).toBe(201);
  // Users need no seed: the admin is one.
  expect((await client.send(`${API}groups/`, { name: 'sweep' })).status).toBe(201);
}
