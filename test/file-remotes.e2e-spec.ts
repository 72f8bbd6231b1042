import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const REMOTES = `${API}remotes/file/file/`;
const SECRETS = { client_key: 'KEY-SECRET', proxy_username: 'PROXY-USER', proxy_password: ' PROXY-PW ' };
const CREDENTIALS = { username: 'USER-SECRET', password: ' PW-SECRET ' };
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBdjCCARugAwIBAgIUdjfaQPrXgbaAg89HZjfuThRqIvcwCgYIKoZIzj0EAwIw
DzENMAsGA1UEAwwEdGVzdDAgFw0yNjExMjUxOTUzNTlaGA8yMTI2MTEwMTE5NTM1
OVowDzENMAsGA1UEAwwEdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJgy
r4brhjXKWu2b7ubuVKez3u9DN8DkkqjfuVjNPK40UOfcBk4t/a9rhHhvDUVWJEuD
yFiftGJ7ze09B43NYHejUzBRMB0GA1UdDgQWBBTd35BmXzaxe8+7lG2ROVbyV2wq
SDAfBgNVHSMEGDAWgBTd35BmXzaxe8+7lG2ROVbyV2wqSDAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0kAMEYCIQCpzXz1/WUiKOf9VIKi9R38O64YPPPyMTZU
prfJ0o1oUwIhAJQUf5U0xryIy6J6huB9rjdAuMGMYSaCSNvpUmadICsy
-----END CERTIFICATE-----`;

/** Every secret value a remote of this suite was given: none may appear in anything the API answers. */
const SECRET_VALUES = [...Object.values(SECRETS), ...Object.values(CREDENTIALS), 'NEW-SECRET'].map((v) => v.trim());
const hidden = (set: Partial<Record<string, boolean>>) =>
  ['client_key', 'proxy_username', 'proxy_password', 'username', 'password'].map((name) => ({
    name,
    is_set: set[name] ?? false,
  }));

// remotes/file/file/ on core's typed remote endpoints (libs/core/src/typed/typed-remotes.ts).
describe('file remotes', () => {
  let site: TestSite;
  let client: ApiClient;
  const imports = mkdtempSync(join(tmpdir(), 'pulp-imports-'));
  mkdirSync(join(imports, 'files'));

  const count = async (table: string) => Number((await site.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const create = (body: Json) => client.send(REMOTES, body);
  const accepted = async (answer: { status: number; body: Json }) => {
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['task']);
    return client.waitForTask(answer.body.task as string);
  };
  const noSecrets = (value: unknown) => {
    const text = JSON.stringify(value);
    for (const secret of SECRET_VALUES) {
      expect(text).not.toContain(secret);
    }
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite({ ALLOWED_IMPORT_PATHS: [imports] }));
  });

  afterAll(() => site?.destroy());

  it('creates a remote synchronously, with defaults, and never answers its secrets', async () => {
    const { status, body } = await create({ name: 'plain', url: 'https://example.com/files/PULP_MANIFEST' });
    expect(status).toBe(201);
    const id = body.pulp_href.split('/').at(-2);
    expect(body).toEqual({
      pulp_href: `${REMOTES}${id}/`,
      prn: `prn:file.fileremote:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      name: 'plain',
      url: 'https://example.com/files/PULP_MANIFEST',
      ca_cert: null,
      client_cert: null,
      tls_validation: true,
      proxy_url: null,
      pulp_labels: {},
      download_concurrency: null,
      max_retries: null,
      policy: 'immediate',
      total_timeout: null,
      connect_timeout: null,
      sock_connect_timeout: null,
      sock_read_timeout: null,
      headers: null,
      rate_limit: null,
      hidden_fields: hidden({}),
    });
    expect(await client.call(body.pulp_href)).toEqual({ status: 200, body });

    const full = await create({
      name: 'full',
      url: 'http://example.com/full/PULP_MANIFEST',
      ca_cert: `comment before\n${CERTIFICATE}\ncomment after`,
      client_cert: CERTIFICATE,
      tls_validation: false,
      proxy_url: 'http://proxy.example.com:3128',
      ...SECRETS,
      ...CREDENTIALS,
      pulp_labels: { env: 'prod' },
      download_concurrency: 5,
      max_retries: 2,
      policy: 'on_demand',
      total_timeout: 10.5,
      connect_timeout: 0,
      sock_connect_timeout: 3,
      sock_read_timeout: 4,
      headers: [{ 'X-Token': 'abc' }],
      rate_limit: 9,
    });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({
      ca_cert: `${CERTIFICATE}\n`,
      client_cert: `${CERTIFICATE}\n`,
      tls_validation: false,
      proxy_url: 'http://proxy.example.com:3128',
      pulp_labels: { env: 'prod' },
      download_concurrency: 5,
      max_retries: 2,
      policy: 'on_demand',
      total_timeout: 10.5,
      connect_timeout: 0,
      sock_connect_timeout: 3,
      sock_read_timeout: 4,
      headers: [{ 'X-Token': 'abc' }],
      rate_limit: 9,
      hidden_fields: hidden({
        client_key: true,
        proxy_username: true,
        proxy_password: true,
        username: true,
        password: true,
      }),
    });
    for (const field of ['client_key', 'proxy_username', 'proxy_password', 'username', 'password']) {
      expect(full.body).not.toHaveProperty(field);
    }
    noSecrets(full.body);
    noSecrets((await client.call(full.body.pulp_href)).body);
    noSecrets((await client.call(REMOTES)).body);
    noSecrets((await client.call(`${API}remotes/`)).body);
    // Stored as given (passwords keep their spaces, other text is trimmed as DRF does), secrets encrypted.
    const [row] = await site.query<Record<string, string>>(
      'SELECT password, proxy_password, username FROM core_remote WHERE name = $1',
      ['full'],
    );
    expect(JSON.stringify(row)).not.toMatch(/PW-SECRET|PROXY-PW/);
    expect(row.username).toBe('USER-SECRET');
    expect([row.password, row.proxy_password].map((token) => site.encryption.decrypt(token))).toEqual([
      ' PW-SECRET ',
      ' PROXY-PW ',
    ]);
  });

  it('accepts form bodies, as pulp-cli may send them', async () => {
    const { status, body } = await client.sendForm(REMOTES, undefined, {
      name: 'form',
      url: 'https://example.com/form/PULP_MANIFEST',
      tls_validation: 'false',
      download_concurrency: '3',
      total_timeout: '1.5',
      headers: '[{"Accept": "text/plain"}]',
      pulp_labels: '{"via": "form"}',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      tls_validation: false,
      download_concurrency: 3,
      total_timeout: 1.5,
      headers: [{ Accept: 'text/plain' }],
      pulp_labels: { via: 'form' },
    });
  });

  it('accepts a file:// url under ALLOWED_IMPORT_PATHS', async () => {
    const { status, body } = await create({ name: 'local', url: `file://${imports}/files/PULP_MANIFEST` });
    expect(status).toBe(201);
    expect(body.url).toBe(`file://${imports}/files/PULP_MANIFEST`);
  });

  it('lists with the remote filters and ordering', async () => {
    const names = async (query: string) =>
      ((await client.call(`${REMOTES}?${query}`)).body.results as Json[]).map((remote) => remote.name);
    expect(await names('ordering=name')).toEqual(['form', 'full', 'local', 'plain']);
    expect(await names('ordering=-name')).toEqual(['plain', 'local', 'full', 'form']);
    expect(await names('name=full')).toEqual(['full']);
    expect(await names('name__contains=l&ordering=name')).toEqual(['full', 'local', 'plain']);
    expect(await names('name__in=plain,form&ordering=name')).toEqual(['form', 'plain']);
    expect(await names('name__startswith=f&ordering=name')).toEqual(['form', 'full']);
    expect(await names('pulp_label_select=env=prod')).toEqual(['full']);
    expect(await names('pulp_label_select=via')).toEqual(['form']);
    const all = (await client.call(`${REMOTES}?ordering=pulp_created`)).body;
    expect(all.count).toBe(4);
    const [first, second] = all.results as Json[];
    // Timestamps are answered to the millisecond (stored to the microsecond): compare from the second remote's.
    expect(await names(`pulp_last_updated__gte=${second.pulp_last_updated}&ordering=pulp_created`)).toEqual([
      'full',
      'form',
      'local',
    ]);
    expect(await names(`pulp_last_updated__lt=${second.pulp_last_updated}`)).toEqual(['plain']);
    expect(await names(`pulp_href__in=${second.pulp_href}`)).toEqual(['full']);
    expect(await names(`prn__in=${first.prn}`)).toEqual(['plain']);
    expect(await names(`q=name="plain" OR name="local"&ordering=name`)).toEqual(['local', 'plain']);
    const fields = await client.call(`${REMOTES}?name=plain&fields=name&fields=url`);
    expect(fields.body.results).toEqual([{ name: 'plain', url: 'https://example.com/files/PULP_MANIFEST' }]);
    // The generic list shows them too, under the type's hrefs.
    expect((await client.call(`${API}remotes/?name=plain`)).body.results).toEqual([
      (await client.call(first.pulp_href)).body,
    ]);
  });

  it.each([
    [{ url: 'https://example.com/' }, { name: ['This field is required.'] }],
    [{ name: 'x' }, { url: ['This field is required.'] }],
    [{ name: 'plain', url: 'https://example.com/' }, { name: ['This field must be unique.'] }],
    [{ name: ' ', url: 'https://example.com/' }, { name: ['This field may not be blank.'] }],
    [{ name: null, url: 'https://example.com/' }, { name: ['This field may not be null.'] }],
    [
      { name: 'x', url: 'ftp://example.com/PULP_MANIFEST' },
      { url: ["The URL scheme 'ftp' is not supported; use http, https or file."] },
    ],
    [{ name: 'x', url: 'not a url' }, { url: ['Enter a valid URL.'] }],
    [
      { name: 'x', url: 'https://user:pw@example.com/' },
      { url: ['The remote url contains username or password. Please use remote username or password instead.'] },
    ],
    [
      { name: 'x', url: 'file:///etc/passwd' },
      { url: ["The path '/etc/passwd' does not start with any of the allowed import paths"] },
    ],
    [
      { name: 'x', url: 'https://e.com/', total_timeout: -1 },
      { total_timeout: ['Ensure this value is greater than or equal to 0.0.'] },
    ],
    [
      { name: 'x', url: 'https://e.com/', sock_read_timeout: 'soon' },
      { sock_read_timeout: ['A valid number is required.'] },
    ],
    [
      { name: 'x', url: 'https://e.com/', download_concurrency: 0 },
      { download_concurrency: ['Ensure this value is greater than or equal to 1.'] },
    ],
    [{ name: 'x', url: 'https://e.com/', policy: 'lazy' }, { policy: ['"lazy" is not a valid choice.'] }],
    [{ name: 'x', url: 'https://e.com/', policy: null }, { policy: ['This field may not be null.'] }],
    [
      { name: 'x', url: 'https://e.com/', headers: { 'X-A': 'b' } },
      { headers: ['Expected a list of items but got type "dict".'] },
    ],
    [
      { name: 'x', url: 'https://e.com/', headers: ['X-A: b'] },
      { headers: ['Expected a dictionary of items but got type "str".'] },
    ],
    [{ name: 'x', url: 'https://e.com/', headers: null }, { headers: ['This field may not be null.'] }],
    [
      { name: 'x', url: 'https://e.com/', proxy_url: 'http://u:p@proxy:3128' },
      { proxy_url: ['proxy_url must not contain credentials'] },
    ],
    [
      { name: 'x', url: 'https://e.com/', proxy_username: 'u', proxy_password: 'p' },
      { non_field_errors: ['proxy credentials cannot be specified without a proxy'] },
    ],
    [
      { name: 'x', url: 'https://e.com/', proxy_url: 'http://proxy:3128', proxy_username: 'u' },
      { non_field_errors: ['proxy username and password can only be specified together'] },
    ],
    [{ name: 'x', url: 'https://e.com/', ca_cert: 'nope' }, { ca_cert: ['No ca_cert specified in string nope'] }],
    [
      { name: 'x', url: 'https://e.com/', pulp_labels: { 'bad key!': 'x' } },
      { pulp_labels: ["Key 'bad key!' contains non-alphanumerics."] },
    ],
    [{ name: 'x', url: 'https://e.com/', colour: 'blue' }, { colour: ['Unexpected field'] }],
    [
      { name: 'plain', url: 'ftp://e.com/' },
      {
        name: ['This field must be unique.'],
        url: ["The URL scheme 'ftp' is not supported; use http, https or file."],
      },
    ],
  ])('refuses to create %j, writing nothing', async (body, errors) => {
    const before = await count('core_remote');
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errors);
    expect(await count('core_remote')).toBe(before);
  });

  it('updates through a task (whose result has no secrets), and answers 200 when nothing changes', async () => {
    const { body } = await create({
      name: 'updated',
      url: 'https://example.com/u/PULP_MANIFEST',
      policy: 'on_demand',
      ...CREDENTIALS,
    });
    expect(body.hidden_fields).toEqual(hidden({ username: true, password: true }));
    // The same values, secrets included: nothing to do.
    const same = await client.send(
      body.pulp_href,
      { url: ' https://example.com/u/PULP_MANIFEST ', password: CREDENTIALS.password },
      'PATCH',
    );
    expect(same).toEqual({ status: 200, body });

    const tasks = await count('core_task');
    const task = await accepted(
      await client.send(body.pulp_href, { password: 'NEW-SECRET', total_timeout: 30, headers: [] }, 'PATCH'),
    );
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_update' });
    expect(task.reserved_resources_record).toContain(body.prn);
    const updated = (await client.call(body.pulp_href)).body;
    expect(updated).toMatchObject({ total_timeout: 30, headers: [], policy: 'on_demand' });
    expect(task.result).toEqual(updated);
    noSecrets(task);
    expect(await count('core_task')).toBe(tasks + 1);
    const [row] = await site.query<{ password: string }>('SELECT password FROM core_remote WHERE pulp_id = $1', [
      updated.pulp_href.split('/').at(-2),
    ]);
    expect(site.encryption.decrypt(row.password)).toBe('NEW-SECRET');

    // Clearing a secret: hidden_fields says it is no longer set.
    await accepted(await client.send(body.pulp_href, { username: null, password: null }, 'PATCH'));
    expect((await client.call(body.pulp_href)).body.hidden_fields).toEqual(hidden({}));

    // PUT is a whole body: policy falls back to its default.
    await accepted(
      await client.send(body.pulp_href, { name: 'updated', url: 'https://example.com/v/PULP_MANIFEST' }, 'PUT'),
    );
    expect((await client.call(body.pulp_href)).body).toMatchObject({
      url: 'https://example.com/v/PULP_MANIFEST',
      policy: 'immediate',
      total_timeout: 30,
    });
  });

  it("keeps an update's secrets out of its task's row (encrypted arguments), and still applies them", async () => {
    const { body } = await create({ name: 'sealed', url: 'https://example.com/s/PULP_MANIFEST' });
    const answer = await client.send(
      body.pulp_href,
      { client_cert: CERTIFICATE, proxy_url: 'http://proxy.example.com:3128', ...CREDENTIALS, ...SECRETS },
      'PATCH',
    );
    const task = await accepted(answer);
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_update' });
    const id = (answer.body.task as string).split('/').at(-2);
    const [row] = await site.query<{ text: string; enc_kwargs: string }>(
      'SELECT row_to_json(t)::text AS text, enc_kwargs FROM core_task t WHERE pulp_id = $1',
      [id],
    );
    for (const secret of [...Object.values(SECRETS), ...Object.values(CREDENTIALS)].map((v) => v.trim())) {
      expect(row.text).not.toContain(secret);
    }
    // What the worker got: the secrets, under the site's key.
    expect(site.encryption.decrypt(row.enc_kwargs)).toContain('PW-SECRET');
    expect((await client.call(body.pulp_href)).body.hidden_fields).toEqual(
      hidden({ client_key: true, proxy_username: true, proxy_password: true, username: true, password: true }),
    );
    const [remote] = await site.query<{ password: string; client_key: string }>(
      'SELECT password, client_key FROM core_remote WHERE pulp_id = $1',
      [body.pulp_href.split('/').at(-2)],
    );
    expect(site.encryption.decrypt(remote.password)).toBe(CREDENTIALS.password);
    expect(site.encryption.decrypt(remote.client_key)).toBe(SECRETS.client_key);
  });

  it('refuses a bad update before queueing anything', async () => {
    const { body } = await create({ name: 'guarded', url: 'https://example.com/g/PULP_MANIFEST' });
    const tasks = await count('core_task');
    const refused = async (update: Json, errors: Json, method = 'PATCH') => {
      expect(await client.send(body.pulp_href, update, method)).toEqual({ status: 400, body: errors });
    };
    await refused({ name: 'plain' }, { name: ['This field must be unique.'] });
    await refused(
      { url: 'gopher://example.com/' },
      { url: ["The URL scheme 'gopher' is not supported; use http, https or file."] },
    );
    await refused(
      { connect_timeout: -0.5 },
      { connect_timeout: ['Ensure this value is greater than or equal to 0.0.'] },
    );
    await refused({ policy: 'sometimes' }, { policy: ['"sometimes" is not a valid choice.'] });
    await refused(
      { url: 'file:///root/PULP_MANIFEST' },
      {
        url: ["The path '/root/PULP_MANIFEST' does not start with any of the allowed import paths"],
      },
    );
    await refused({ url: 'https://example.com/' }, { name: ['This field is required.'] }, 'PUT');
    // A partial update is judged with the remote's other values: a proxy password needs the username too.
    await refused(
      { proxy_url: 'http://proxy:3128', proxy_password: 'p' },
      {
        non_field_errors: ['proxy username and password can only be specified together'],
      },
    );
    expect(await count('core_task')).toBe(tasks);
    expect((await client.call(`${REMOTES}${randomUUID()}/`, { method: 'PATCH' })).status).toBe(404);
  });

  it('sets and unsets labels', async () => {
    const { body } = await create({ name: 'labelled', url: 'https://example.com/l/PULP_MANIFEST' });
    expect(await client.send(`${body.pulp_href}set_label/`, { key: 'tier', value: 'gold' })).toEqual({
      status: 201,
      body: { key: 'tier', value: 'gold' },
    });
    expect((await client.call(body.pulp_href)).body.pulp_labels).toEqual({ tier: 'gold' });
    expect((await client.call(`${REMOTES}?pulp_label_select=tier=gold`)).body.count).toBe(1);
    expect(await client.send(`${body.pulp_href}unset_label/`, { key: 'tier' })).toEqual({
      status: 201,
      body: { key: 'tier', value: 'gold' },
    });
    expect((await client.send(`${body.pulp_href}unset_label/`, { key: 'tier' })).status).toBe(400);
  });

  it("is what a file repository's remote may be", async () => {
    const { body: remote } = await create({ name: 'for-repository', url: 'https://example.com/r/PULP_MANIFEST' });
    const repository = await client.send(`${API}repositories/file/file/`, { name: 'files', remote: remote.pulp_href });
    expect(repository.status).toBe(201);
    expect(repository.body.remote).toBe(remote.pulp_href);
    const byRemote = await client.call(`${API}repositories/file/file/?remote=${remote.pulp_href}`);
    expect(byRemote.body.results.map((r: Json) => r.name)).toEqual(['files']);

    // Deleting the remote leaves the repository without one.
    const task = await accepted(await client.call(remote.pulp_href, { method: 'DELETE' }));
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_delete' });
    expect(task.reserved_resources_record).toContain(remote.prn);
    expect((await client.call(remote.pulp_href)).status).toBe(404);
    expect((await client.call(repository.body.pulp_href)).body.remote).toBeNull();
    expect((await client.call(`${REMOTES}${randomUUID()}/`, { method: 'DELETE' })).status).toBe(404);
  });
});
