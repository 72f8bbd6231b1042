import { randomUUID } from 'node:crypto';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { createUser, DENIED, grant } from './support/rbac';
import { TestSite } from './support/test-site';

/** With DOMAIN_ENABLED, in the default domain (docs/domains.md, "URL layout"). */
const API = '/pulp/default/api/v3/';
const DOMAINS = `${API}domains/`;
/** With DOMAIN_ENABLED off. */
const DOMAINS_OFF = '/pulp/api/v3/domains/';
const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';
const S3 = 'storages.backends.s3.S3Storage';
const S3_SECRETS = { secret_key: 'S3-SECRET-KEY-1', access_key: 'S3-ACCESS-KEY-1' };

/** A filesystem domain body (Pulp's own tests send the setting's name, MEDIA_ROOT). */
const filesystem = (name: string, extra: Json = {}) => ({
  name,
  storage_class: FILESYSTEM,
  storage_settings: { MEDIA_ROOT: '' },
  ...extra,
});

// domains/ (libs/core/src/domains), with DOMAIN_ENABLED as a site sets it.
describe('domains', () => {
  let site: TestSite;
  let client: ApiClient;

  const accepted = async (answer: { status: number; body: Json }) => {
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['task']);
    return client.waitForTask(answer.body.task as string);
  };
  const create = async (body: Json) => {
    const answer = await client.send(DOMAINS, body);
    expect(answer.status).toBe(201);
    return answer.body as Json;
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite({ DOMAIN_ENABLED: true }));
  });

  afterAll(() => site?.destroy());

  it('creates a domain synchronously, with defaults and the class settings filled in', async () => {
    const domain = await create(filesystem('team-a'));
    const id = domain.pulp_href.split('/').at(-2);
    expect(domain).toEqual({
      pulp_href: `${DOMAINS}${id}/`,
      prn: `prn:core.domain:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      name: 'team-a',
      description: null,
      pulp_labels: {},
      storage_class: FILESYSTEM,
      storage_settings: {
        location: '',
        base_url: '',
        file_permissions_mode: 420,
        directory_permissions_mode: null,
        hidden_fields: [],
      },
      redirect_to_object_storage: true,
      hide_guarded_distributions: false,
    });
    expect((await client.call(domain.pulp_href)).body).toEqual(domain);
    // The creator owns it, as the access policy's creation hook says.
    const [owner] = await site.query(
      `SELECT r.name FROM core_userrole u JOIN core_role r ON r.pulp_id = u.role_id
        WHERE u.content_type = 'core.domain' AND u.object_id = $1`,
      [id],
    );
    expect(owner).toEqual({ name: 'core.domain_owner' });
  });

  it('takes form bodies, objects as JSON text', async () => {
    const answer = await client.sendForm(DOMAINS, undefined, {
      name: 'from-a-form',
      storage_class: FILESYSTEM,
      storage_settings: '{"location": "/srv/pulp"}',
      pulp_labels: '{"form": "yes"}',
      redirect_to_object_storage: 'false',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      pulp_labels: { form: 'yes' },
      storage_settings: { location: '/srv/pulp' },
      redirect_to_object_storage: false,
    });
  });

  it('lists domains, filters them by name and label, and orders them', async () => {
    await create(filesystem('labelled', { pulp_labels: { tier: 'gold' }, description: 'with a label' }));
    const all = (await client.call(DOMAINS)).body;
    expect(all.results.map((domain: Json) => domain.name)).toEqual(expect.arrayContaining(['default', 'team-a']));
    expect((await client.call(`${DOMAINS}?name=team-a`)).body.count).toBe(1);
    expect((await client.call(`${DOMAINS}?name__startswith=lab`)).body.results[0].name).toBe('labelled');
    const gold = (await client.call(`${DOMAINS}?pulp_label_select=tier=gold`)).body;
    expect(gold.results.map((domain: Json) => domain.name)).toEqual(['labelled']);
    const ordered = (await client.call(`${DOMAINS}?ordering=name&fields=name`)).body.results;
    expect(ordered.map((domain: Json) => domain.name)).toEqual([...ordered.map((d: Json) => d.name)].sort());
    expect((await client.call(`${DOMAINS}?colour=blue`)).status).toBe(400);
  });

  it('shows the global storage settings for the default domain, and protects it', async () => {
    const [domain] = (await client.call(`${DOMAINS}?name=default`)).body.results as Json[];
    expect(domain.storage_class).toBe(FILESYSTEM);
    expect(domain.storage_settings).toEqual({
      location: `${site.dir}/media`,
      base_url: '',
      file_permissions_mode: 420,
      directory_permissions_mode: null,
      hidden_fields: [],
    });
    expect(domain.redirect_to_object_storage).toBe(true);
    expect(domain.hide_guarded_distributions).toBe(false);

    expect(await client.send(DOMAINS, filesystem('default'))).toEqual({
      status: 400,
      body: { name: ['This field must be unique.'] },
    });
    expect(await client.send(domain.pulp_href, { name: 'no-longer-default' }, 'PATCH')).toEqual({
      status: 400,
      body: ['Default domain can not be updated.'],
    });
    expect(await client.send(`${domain.pulp_href}set_label/`, { key: 'a', value: 'b' })).toEqual({
      status: 400,
      body: ['Default domain can not be updated.'],
    });
    expect(await client.call(domain.pulp_href, { method: 'DELETE' })).toEqual({
      status: 400,
      body: ['Default domain can not be deleted.'],
    });
  });

  it('refuses bad and reserved names with Pulp’s messages', async () => {
    const refused = async (name: unknown) => {
      const answer = await client.send(DOMAINS, filesystem(name as string));
      expect(answer.status).toBe(400);
      return answer.body;
    };
    expect(await refused('api')).toEqual({ name: ["Name can not be 'api' or 'content'."] });
    expect(await refused('Content')).toEqual({ name: ["Name can not be 'api' or 'content'."] });
    expect(await refused('a/b')).toEqual({
      name: ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'],
    });
    expect(await refused('x'.repeat(51))).toEqual({ name: ['Ensure this field has no more than 50 characters.'] });
    expect(await refused('')).toEqual({ name: expect.any(Array) });
    expect(await refused(7)).toEqual({ name: expect.any(Array) });
    expect(await refused('a\u0000b')).toEqual({ name: ['Null characters are not allowed.'] });
    expect(await client.send(DOMAINS, { name: 'x' })).toEqual({
      status: 400,
      body: { storage_class: ['This field is required.'], storage_settings: ['This field is required.'] },
    });
  });

  it("checks storage settings against the class, with Pulp's nested messages", async () => {
    const answer = await client.send(DOMAINS, { name: 'bad', storage_class: S3, storage_settings: { location: 3 } });
    expect(answer.status).toBe(400);
    expect(answer.body.storage_settings).toMatchObject({ access_key: ['This field is required.'] });
    expect(
      await client.send(DOMAINS, { name: 'bad', storage_class: FILESYSTEM, storage_settings: { bucket_name: 'x' } }),
    ).toEqual({ status: 400, body: { storage_settings: { bucket_name: ['Unexpected field'] } } });
    expect(await client.send(DOMAINS, { name: 'bad', storage_class: FILESYSTEM, storage_settings: [] })).toEqual({
      status: 400,
      body: { storage_settings: ['Storage settings should be a JSON object.'] },
    });
    expect(
      (await client.send(DOMAINS, { name: 'bad', storage_class: 'storages.backends.gcloud.GoogleCloudStorage' }))
        .status,
    ).toBe(400);
    expect(await site.count("core_domain WHERE name = 'bad'")).toBe(0);
  });

  it('never answers storage secrets, lists them in hidden_fields, and keeps them encrypted', async () => {
    const domain = await create({
      name: 'object-store',
      storage_class: S3,
      storage_settings: {
        AWS_ACCESS_KEY_ID: S3_SECRETS.access_key,
        aws_secret_access_key: S3_SECRETS.secret_key,
        bucket_name: 'pulp',
      },
    });
    expect(domain.storage_settings).toMatchObject({ bucket_name: 'pulp', location: '' });
    expect(domain.storage_settings.hidden_fields).toEqual([
      { name: 'access_key', is_set: true },
      { name: 'secret_key', is_set: true },
      { name: 'security_token', is_set: false },
      { name: 'cloudfront_key', is_set: false },
    ]);
    const listed = JSON.stringify((await client.call(DOMAINS)).body);
    for (const secret of Object.values(S3_SECRETS)) {
      expect(JSON.stringify(domain)).not.toContain(secret);
      expect(listed).not.toContain(secret);
    }
    const [row] = await site.query<{ storage_settings: Json; text: string }>(
      'SELECT storage_settings, storage_settings::text AS text FROM core_domain WHERE name = $1',
      ['object-store'],
    );
    for (const secret of [...Object.values(S3_SECRETS), 'pulp']) {
      expect(row.text).not.toContain(secret);
    }
    // Pulp's EncryptedJSONField: the keys stay, every value is a Fernet token of its JSON.
    expect(site.encryption.decrypt(row.storage_settings.secret_key as string)).toBe(
      JSON.stringify(S3_SECRETS.secret_key),
    );

    // An update of other settings keeps the secrets (the class is the same: settings merge).
    const task = await accepted(
      await client.send(domain.pulp_href, { storage_settings: { bucket_name: 'other' } }, 'PATCH'),
    );
    expect(task.state).toBe('completed');
    expect(JSON.stringify(task)).not.toContain(S3_SECRETS.secret_key);
    const read = (await client.call(domain.pulp_href)).body;
    expect(read.storage_settings.bucket_name).toBe('other');
    expect(read.storage_settings.hidden_fields[1]).toEqual({ name: 'secret_key', is_set: true });

    // rotate-db-key rewrites them too (the default domain's row holds none), and they still open.
    const rotation = await site.manager(['rotate-db-key']);
    expect(rotation.output).toMatch(/Updated storage_settings on core_domain: [1-9]\d* row\(s\)\./);
    expect((await client.call(domain.pulp_href)).body).toEqual(read);
  });

  it('updates asynchronously; an update that changes nothing answers the domain', async () => {
    const domain = await create(filesystem('to-update'));
    const task = await accepted(
      await client.send(
        domain.pulp_href,
        { storage_settings: { location: '/testing/' }, description: ' new ' },
        'PATCH',
      ),
    );
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_update' });
    expect(task.reserved_resources_record).toContain(`prn:core.domain:${domain.pulp_href.split('/').at(-2)}`);
    const read = (await client.call(domain.pulp_href)).body;
    expect(read.storage_settings.location).toBe('/testing/');
    expect(read.description).toBe('new');

    const again = await client.send(domain.pulp_href, { storage_settings: { location: '/testing/' } }, 'PATCH');
    expect(again).toEqual({ status: 200, body: read });

    // PUT: the defaults of what it leaves out.
    await accepted(
      await client.send(
        domain.pulp_href,
        { ...filesystem('renamed'), redirect_to_object_storage: false, hide_guarded_distributions: true },
        'PUT',
      ),
    );
    const renamed = (await client.call(domain.pulp_href)).body;
    expect(renamed).toMatchObject({
      name: 'renamed',
      redirect_to_object_storage: false,
      hide_guarded_distributions: true,
    });
    expect(renamed.storage_settings.location).toBe('');

    expect((await client.send(domain.pulp_href, { name: 'team-a' }, 'PATCH')).body).toEqual({
      name: ['This field must be unique.'],
    });
    expect((await client.send(`${DOMAINS}${randomUUID()}/`, { name: 'x' }, 'PATCH')).status).toBe(404);
  });

  it('sets and unsets labels', async () => {
    const domain = await create(filesystem('with-labels'));
    expect(await client.send(`${domain.pulp_href}set_label/`, { key: 'abc', value: 'def' })).toEqual({
      status: 201,
      body: { key: 'abc', value: 'def' },
    });
    expect((await client.call(domain.pulp_href)).body.pulp_labels).toEqual({ abc: 'def' });
    expect(await client.send(`${domain.pulp_href}unset_label/`, { key: 'abc' })).toEqual({
      status: 201,
      body: { key: 'abc', value: 'def' },
    });
    expect((await client.send(`${domain.pulp_href}unset_label/`, { key: 'abc' })).status).toBe(400);
  });

  it('refuses to delete a domain that still holds repositories, and deletes its orphans with it', async () => {
    const domain = await create(filesystem('busy'));
    const id = domain.pulp_href.split('/').at(-2) as string;
    await site.query(
      `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
       VALUES ($1, $2, 'file.file', 'repo', 1)`,
      [randomUUID(), id],
    );
    await site.query(
      `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, name, url)
       VALUES ($1, $2, 'file.file', 'remote', 'https://example.com/')`,
      [randomUUID(), id],
    );
    expect(await client.call(domain.pulp_href, { method: 'DELETE' })).toEqual({
      status: 400,
      body: ["Domain 'busy' cannot be deleted: it still contains 1 repository and 1 remote. Delete them first."],
    });
    await site.query('DELETE FROM core_repository WHERE pulp_domain_id = $1', [id]);
    await site.query('DELETE FROM core_remote WHERE pulp_domain_id = $1', [id]);
    await site.query(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type, timestamp_of_interest)
       VALUES ($1, $2, 'file.file', now() - interval '1 minute')`,
      [randomUUID(), id],
    );
    await site.query(
      `INSERT INTO core_artifact (pulp_id, pulp_domain_id, file, size, sha256, timestamp_of_interest)
       VALUES ($1, $2, $3, 3, 'abcdef', now() - interval '1 minute')`,
      [randomUUID(), id, `artifact/${id}/ab/cdef`],
    );
    const task = await accepted(await client.call(domain.pulp_href, { method: 'DELETE' }));
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.base.ageneral_delete' });
    expect((await client.call(domain.pulp_href)).status).toBe(404);
    expect(await site.count(`core_content WHERE pulp_domain_id = '${id}'`)).toBe(0);
    expect(await site.count(`core_artifact WHERE pulp_domain_id = '${id}'`)).toBe(0);
    expect(await site.count(`core_userrole WHERE object_id = '${id}'`)).toBe(0);
  });

  it('fails the delete task when a repository appeared in the domain after the request', async () => {
    const domain = await create(filesystem('raced'));
    const id = domain.pulp_href.split('/').at(-2) as string;
    // Held by another task: the delete waits behind it, and a repository arrives meanwhile.
    const worker = site.processes.find((child) => child.baseUrl === undefined)!;
    await worker.stop();
    const answer = await client.call(domain.pulp_href, { method: 'DELETE' });
    await site.query(
      `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
       VALUES ($1, $2, 'file.file', 'late', 1)`,
      [randomUUID(), id],
    );
    await site.start('worker');
    const task = await accepted(answer);
    expect(task.state).toBe('failed');
    expect(task.error.description).toContain("Domain 'raced' cannot be deleted: it still contains 1 repository.");
    expect((await client.call(domain.pulp_href)).status).toBe(200);
  });

  it("follows Pulp's access policy: scoped lists, creators own what they create", async () => {
    const seen = await create(filesystem('seen'));
    await create(filesystem('unseen'));
    const viewer = await createUser(client, 'domain-viewer', API);
    expect((await viewer.client.call(DOMAINS)).body.count).toBe(0);
    expect((await viewer.client.call(seen.pulp_href)).status).toBe(404);
    await grant(client, viewer.href, 'core.domain_viewer', seen.pulp_href);
    const listed = (await viewer.client.call(DOMAINS)).body;
    expect(listed.results.map((domain: Json) => domain.name)).toEqual(['seen']);
    expect((await viewer.client.call(seen.pulp_href)).status).toBe(200);
    expect(await viewer.client.send(seen.pulp_href, { description: 'mine' }, 'PATCH')).toEqual({
      status: 403,
      body: DENIED,
    });
    expect(await viewer.client.send(DOMAINS, filesystem('nope'))).toEqual({ status: 403, body: DENIED });

    const creator = await createUser(client, 'domain-creator', API);
    await grant(client, creator.href, 'core.domain_creator', null);
    const own = await creator.client.send(DOMAINS, filesystem('owned'));
    expect(own.status).toBe(201);
    expect((await creator.client.call(DOMAINS)).body.results.map((domain: Json) => domain.name)).toEqual(['owned']);
    expect((await creator.client.send(`${own.body.pulp_href}set_label/`, { key: 'k', value: 'v' })).status).toBe(201);
    expect((await client.as({}).call(DOMAINS)).status).toBe(401);
  });
});

describe('domains with DOMAIN_ENABLED off', () => {
  let site: TestSite;
  let client: ApiClient;

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: false }));
  });

  afterAll(() => site?.destroy());

  it('serves domains/ as Pulp does, and a server refuses to start while other domains exist', async () => {
    expect((await client.call(DOMAINS_OFF)).body.results.map((domain: Json) => domain.name)).toEqual(['default']);
    const created = await client.send(DOMAINS_OFF, filesystem('stranded'));
    expect(created.status).toBe(201);

    for (const kind of ['api', 'content', 'worker'] as const) {
      const child = site.spawn(kind, kind === 'worker' ? [] : ['--bind', '127.0.0.1:0']);
      expect((await child.exited).code).toBe(1);
      expect(child.output).toContain(
        'DOMAIN_ENABLED is false, but 1 domain(s) other than "default" exist (stranded): set DOMAIN_ENABLED to true',
      );
    }
    // Manager commands still run, and with DOMAIN_ENABLED on the API starts.
    expect((await site.manager(['showmigrations'])).code).toBe(0);
    await site.start('api', { env: { PULP_DOMAIN_ENABLED: 'true' } });
  });
});
