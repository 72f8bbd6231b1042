import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const HEADER = `${API}contentguards/core/header/`;
const COMPOSITE = `${API}contentguards/core/composite/`;
const GUARD_TABLES = ['core_contentguard', 'core_headercontentguard', 'core_compositecontentguard_guards'];

// Core's header and composite content guards: synchronous model endpoints (libs/core/src/content-guards).
describe('content guards (header, composite)', () => {
  let site: TestSite;
  let client: ApiClient;

  const rows = async () =>
    Object.fromEntries(
      await Promise.all(
        GUARD_TABLES.map(async (table) => [
          table,
          Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
        ]),
      ),
    );
  const created = async (path: string, body: Json): Promise<Json> => {
    const answer = await client.send(path, body);
    expect(answer.status).toBe(201);
    return answer.body as Json;
  };
  const idOf = (href: string) => href.split('/').at(-2)!;

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: true }));
  });

  afterAll(() => site?.destroy());

  it('creates, lists, reads and filters header guards', async () => {
    const guard = await created(HEADER, {
      name: 'org',
      header_name: 'x-rh-identity',
      header_value: '123',
      jq_filter: '.identity.org_id',
    });
    const id = idOf(guard.pulp_href);
    expect(guard).toEqual({
      pulp_href: `${HEADER}${id}/`,
      prn: `prn:core.headercontentguard:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      name: 'org',
      description: null,
      header_name: 'x-rh-identity',
      header_value: '123',
      jq_filter: '.identity.org_id',
    });
    const plain = await created(HEADER, {
      name: 'plain',
      description: 'no filter',
      header_name: 'X-Secret',
      header_value: 'sesame',
    });
    expect(plain.jq_filter).toBeNull();
    expect(await site.query('SELECT * FROM core_headercontentguard WHERE contentguard_ptr_id = $1', [id])).toEqual([
      { contentguard_ptr_id: id, header_name: 'x-rh-identity', header_value: '123', jq_filter: '.identity.org_id' },
    ]);

    expect((await client.call(`${HEADER}${id}/`)).body).toEqual(guard);
    const list = (await client.call(HEADER)).body;
    expect(list.count).toBe(2);
    expect(list.results).toEqual([plain, guard]); // newest first
    expect((await client.call(`${HEADER}?name=org`)).body.results).toEqual([guard]);
    expect((await client.call(`${HEADER}?name__startswith=pl`)).body.results).toEqual([plain]);
    expect((await client.call(`${HEADER}?prn__in=${guard.prn}`)).body.results).toEqual([guard]);
    expect((await client.call(`${HEADER}?pulp_href__in=${plain.pulp_href}`)).body.results).toEqual([plain]);
    expect((await client.call(`${HEADER}?pulp_id__in=${id}`)).body.results).toEqual([guard]);
    expect((await client.call(`${HEADER}?q=NOT name="org"`)).body.results).toEqual([plain]);
    expect((await client.call(`${HEADER}?ordering=name`)).body.results).toEqual([guard, plain]);
    expect((await client.call(`${HEADER}${id}/?fields=name,jq_filter`)).body).toEqual({
      name: 'org',
      jq_filter: '.identity.org_id',
    });
    expect((await client.call(`${HEADER}?pulp_type=core.header`)).status).toBe(400);
    expect((await client.call(`${HEADER}${randomUUID()}/`)).status).toBe(404);
  });

  it('updates header guards in place (PUT and PATCH answer 200 with the guard)', async () => {
    const guard = await created(HEADER, { name: 'editable', header_name: 'x-a', header_value: 'a' });
    const patched = await client.send(
      guard.pulp_href,
      { header_value: 'b', jq_filter: '.["key with space"]' },
      'PATCH',
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'editable',
      header_name: 'x-a',
      header_value: 'b',
      jq_filter: '.["key with space"]',
    });
    expect(patched.body.pulp_last_updated > guard.pulp_last_updated).toBe(true);
    expect((await client.call(guard.pulp_href)).body).toEqual(patched.body);

    const put = await client.send(
      guard.pulp_href,
      { name: 'edited', header_name: 'x-b', header_value: 'c', jq_filter: null, description: 'now' },
      'PUT',
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      name: 'edited',
      description: 'now',
      header_name: 'x-b',
      header_value: 'c',
      jq_filter: null,
    });
    // PUT requires the required fields.
    const incomplete = await client.send(guard.pulp_href, { name: 'edited' }, 'PUT');
    expect(incomplete.status).toBe(400);
    expect(Object.keys(incomplete.body).sort()).toEqual(['header_name', 'header_value']);
    expect((await client.send(`${HEADER}${randomUUID()}/`, { header_value: 'x' }, 'PATCH')).status).toBe(404);
  });

  it('refuses bad bodies with 400s, leaving no rows behind', async () => {
    const before = await rows();
    const refusals: Array<[string, Json, Json]> = [
      [HEADER, {}, { name: expect.any(Array), header_name: expect.any(Array), header_value: expect.any(Array) }],
      [HEADER, { name: 'x', header_name: 'h' }, { header_value: expect.any(Array) }],
      [
        HEADER,
        { name: 'x', header_name: 'h', header_value: 'v', jq_filter: '.a | length' },
        { jq_filter: [expect.stringMatching(/^Unsupported jq filter\. Only jq path expressions are supported/)] },
      ],
      [HEADER, { name: 'x', header_name: 'h', header_value: 'v', jq_filter: '.a[]' }, { jq_filter: expect.any(Array) }],
      [HEADER, { name: 'org', header_name: 'h', header_value: 'v' }, { name: ['This field must be unique.'] }],
      [HEADER, { name: 'x', header_name: null, header_value: 'v' }, { header_name: expect.any(Array) }],
      [
        COMPOSITE,
        { name: 'c', guards: [`${HEADER}${randomUUID()}/`] },
        { guards: ['Invalid hyperlink - Object does not exist.'] },
      ],
      [COMPOSITE, { name: 'c', guards: ['not a reference'] }, { guards: [expect.any(String)] }],
      [COMPOSITE, { name: 'org' }, { name: ['This field must be unique.'] }],
      [COMPOSITE, {}, { name: expect.any(Array) }],
    ];
    for (const [path, body, errors] of refusals) {
      const answer = await client.send(path, body);
      expect({ body, status: answer.status, errors: answer.body }).toEqual({ body, status: 400, errors });
    }
    const [org] = (await client.call(`${HEADER}?name=org`)).body.results as Json[];
    const badPatch = await client.send(org.pulp_href, { jq_filter: 'keys' }, 'PATCH');
    expect(badPatch.status).toBe(400);
    expect(Object.keys(badPatch.body)).toEqual(['jq_filter']);
    expect((await client.send(org.pulp_href, { name: 'plain' }, 'PATCH')).body).toEqual({
      name: ['This field must be unique.'],
    });
    expect((await client.call(org.pulp_href)).body).toEqual(org);
    expect(await rows()).toEqual(before);
  });

  it('creates, updates and lists composite guards of any guard type', async () => {
    const [org] = (await client.call(`${HEADER}?name=org`)).body.results as Json[];
    const [plain] = (await client.call(`${HEADER}?name=plain`)).body.results as Json[];
    const empty = await created(COMPOSITE, { name: 'empty' });
    const id = idOf(empty.pulp_href);
    expect(empty).toEqual({
      pulp_href: `${COMPOSITE}${id}/`,
      prn: `prn:core.compositecontentguard:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      name: 'empty',
      description: null,
      guards: [],
    });
    const either = await created(COMPOSITE, { name: 'either', guards: [plain.pulp_href, org.prn] });
    expect(either.guards).toEqual([org.pulp_href, plain.pulp_href]); // by member name
    const nested = await created(COMPOSITE, { name: 'nested', guards: [either.pulp_href, empty.pulp_href] });
    expect(nested.guards).toEqual([either.pulp_href, empty.pulp_href]);
    expect((await client.call(`${COMPOSITE}?name__in=either,nested`)).body.results).toEqual([nested, either]);

    const patched = await client.send(either.pulp_href, { guards: [plain.pulp_href] }, 'PATCH');
    expect(patched.status).toBe(200);
    expect(patched.body.guards).toEqual([plain.pulp_href]);
    const put = await client.send(either.pulp_href, { name: 'either', description: 'one' }, 'PUT');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ description: 'one', guards: [plain.pulp_href] }); // left out: unchanged

    // A composite may not contain itself, directly or through another.
    for (const guards of [[either.pulp_href], [nested.pulp_href]]) {
      const answer = await client.send(either.pulp_href, { guards }, 'PATCH');
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ guards: ['A composite content guard may not contain itself.'] });
    }
    expect((await client.call(either.pulp_href)).body.guards).toEqual([plain.pulp_href]);

    // The generic list shows every type under its own href.
    const all = (await client.call(`${API}contentguards/?name__in=empty,either,nested,org,plain&ordering=name`)).body;
    expect(all.results.map((guard: Json) => [guard.name, guard.pulp_href, guard.prn])).toEqual(
      [put.body, empty, nested, org, plain].map((guard) => [guard.name, guard.pulp_href, guard.prn]),
    );
    expect(
      (await client.call(`${API}contentguards/?pulp_type=core.composite`)).body.results.map((g: Json) => g.name),
    ).toEqual(['nested', 'either', 'empty']);
    expect(Object.keys(all.results[0])).toEqual([
      'pulp_href',
      'prn',
      'pulp_created',
      'pulp_last_updated',
      'name',
      'description',
    ]);

    // Deleting a member drops it from its composites.
    const member = await created(HEADER, { name: 'member', header_name: 'x', header_value: 'y' });
    await client.send(nested.pulp_href, { guards: [member.pulp_href, empty.pulp_href] }, 'PATCH');
    expect((await client.call(member.pulp_href, { method: 'DELETE' })).status).toBe(204);
    expect((await client.call(nested.pulp_href)).body.guards).toEqual([empty.pulp_href]);
  });

  it('guards a distribution until it is deleted', async () => {
    const guard = await created(HEADER, { name: 'dist-guard', header_name: 'x-token', header_value: 't' });
    const keyring = (await client.send(`${API}repositories/core/openpgp_keyring/`, { name: 'keys' })).body as Json;
    const task = await client.accepted(
      await client.send(`${API}distributions/core/openpgp/`, {
        name: 'guarded',
        base_path: 'guarded',
        repository: keyring.pulp_href,
        content_guard: guard.pulp_href,
      }),
    );
    expect(task.state).toBe('completed');
    const distribution = task.created_resources[0] as string;
    expect((await client.call(distribution)).body.content_guard).toBe(guard.pulp_href);

    const deleted = await client.call(guard.pulp_href, { method: 'DELETE' });
    expect(deleted).toEqual({ status: 204, body: undefined });
    expect((await client.call(guard.pulp_href)).status).toBe(404);
    expect((await client.call(distribution)).body.content_guard).toBeNull();
    expect(
      await site.query('SELECT * FROM core_headercontentguard WHERE contentguard_ptr_id = $1', [idOf(guard.pulp_href)]),
    ).toEqual([]);
    expect((await client.call(`${COMPOSITE}${randomUUID()}/`, { method: 'DELETE' })).status).toBe(404);
  });
});
