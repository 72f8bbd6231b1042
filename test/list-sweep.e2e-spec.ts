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

/** Runs `urls` with at most `concurrency` requests in flight (the machine is shared). */
async function probeAll(baseUrl: string, urls: string[], concurrency = 6): Promise<Probe[]> {
  const probes: Probe[] = [];
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const response = await fetch(`${baseUrl}${url}`, { headers: ADMIN });
      probes.push({ url, status: response.status, text: await response.text() });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
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
    const expectations = lists.flatMap((list) => {
      const has = (name: string) => list.parameters.includes(name);
      return [
        ...PROTOTYPE_NAMES.map((name) => ({
          url: `${list.path}?${encodeURIComponent(name)}=1`,
          body: { errors: [`Invalid Filter: '${name}'`] },
        })),
        ...(has('ordering')
          ? PROTOTYPE_NAMES.map((name) => ({
              url: `${list.path}?ordering=${encodeURIComponent(`-${name}`)}`,
              body: { ordering: [`Select a valid choice. -${name} is not one of the available choices.`] },
            }))
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

  it('answers every list parameter of every list, given junk, with 200 or 400 and nothing internal', async () => {
    const urls = lists.flatMap((list) =>
      list.parameters.flatMap((parameter) =>
        [...JUNK_STRINGS, ...(parameter === 'q' ? JUNK_Q : [])].map(
          (junk) => `${list.path}?${parameter}=${queryComponent(junk.value)}`,
        ),
      ),
    );
    const started = Date.now();
    const probes = await probeAll(baseUrl, urls);
    const bad = probes
      .map((probe) => ({ probe, leak: leakedInternals(probe.text) }))
      .filter(({ probe, leak }) => ![200, 400].includes(probe.status) || leak !== undefined || !isJson(probe.text))
      .map(({ probe, leak }) => `${shown(probe)} ${leak ?? probe.text.slice(0, 200)}`);
    expect(bad).toEqual([]);
    console.log(`${urls.length} junk requests in ${Date.now() - started} ms`);
  }, 600_000);
});

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
}
