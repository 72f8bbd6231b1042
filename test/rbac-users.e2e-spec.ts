import { adminSite, type ApiClient, type Json } from './support/api-client';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('users, groups and their roles', () => {
  let site: TestSite;
  let client: ApiClient;

  /** GET login/ as `user`: the status tells whether basic authentication took the password. */
  const loginStatus = async (user: string, password: string) =>
    (await client.call(`${API}login/`, { headers: { authorization: basic(user, password) } })).status;

  /** A role made of these permissions (`app_label.codename` on `model`), written as the catalogue's sync would. */
  const role = async (name: string, permissions: Array<[string, string, string]>) => {
    for (const [app, codename, model] of permissions) {
      await site.query(
        `INSERT INTO auth_permission (app_label, codename, model, name) VALUES ($1, $2, $3, $2)
         ON CONFLICT (app_label, codename) DO NOTHING`,
        [app, codename, model],
      );
    }
    await site.query("INSERT INTO core_role (pulp_id, name, description) VALUES (gen_random_uuid(), $1, 'test role')", [
      name,
    ]);
    await site.query(
      `INSERT INTO core_role_permissions (role_id, permission_id)
       SELECT r.pulp_id, p.id FROM core_role r, auth_permission p
        WHERE r.name = $1 AND (p.app_label || '.' || p.codename) = ANY($2)`,
      [name, permissions.map(([app, codename]) => `${app}.${codename}`)],
    );
  };

  beforeAll(async () => {
    // DEBUG: even the most talkative logs must not hold a password.
    ({ site, client } = await adminSite({ LOG_LEVEL: 'DEBUG' }, { worker: false }));
    await role('test.repository_reader', [['file', 'view_filerepository', 'filerepository']]);
    await role('test.group_reader', [['core', 'view_group', 'group']]);
  });

  afterAll(() => site?.destroy());

  describe('users/', () => {
    let alice: Json;

    it('creates a user (201) and never answers or logs its password', async () => {
      const created = await client.send(`${API}users/`, {
        username: 'alice',
        password: 'wonderland-42',
        first_name: 'Alice',
        email: 'alice@example.com',
      });
      expect(created.status).toBe(201);
      alice = created.body;
      expect(alice).toEqual({
        pulp_href: `${API}users/${alice.id}/`,
        prn: `prn:auth.user:${alice.id}`,
        id: expect.any(Number),
        username: 'alice',
        first_name: 'Alice',
        last_name: '',
        email: 'alice@example.com',
        is_staff: false,
        is_active: true,
        date_joined: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        groups: [],
        hidden_fields: [{ name: 'password', is_set: true }],
      });
      const [stored] = await site.query<{ password: string }>('SELECT password FROM auth_user WHERE id = $1', [
        alice.id,
      ]);
      expect(stored.password).toMatch(/^scrypt\$/);
      expect(JSON.stringify((await client.call(`${API}users/?username=alice`)).body)).not.toContain('wonderland');
      expect(site.processes[0].output).toContain('users');
      expect(site.processes[0].output).not.toContain('wonderland');
    });

    it('lets the new user authenticate with basic auth, and not with another password', async () => {
      expect(await loginStatus('alice', 'wonderland-42')).toBe(200);
      expect(await loginStatus('alice', 'wonderland-43')).toBe(401);
    });

    it('reads, updates and partially updates a user', async () => {
      expect((await client.call(alice.pulp_href)).body).toEqual(alice);
      const patched = await client.send(alice.pulp_href, { last_name: 'Liddell', is_staff: true }, 'PATCH');
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ first_name: 'Alice', last_name: 'Liddell', is_staff: true });
      expect(await loginStatus('alice', 'wonderland-42')).toBe(200);
      const fields = await client.call(`${alice.pulp_href}?fields=username,groups`);
      expect(fields.body).toEqual({ username: 'alice', groups: [] });
    });

    it('takes null as no usable password, as does PUT without one (the serializer default)', async () => {
      const bob = await client.send(`${API}users/`, { username: 'bob', password: null });
      expect(bob.status).toBe(201);
      expect(await loginStatus('bob', '!')).toBe(401);
      expect(await loginStatus('bob', '')).toBe(401);
      const put = await client.send(alice.pulp_href, { username: 'alice', email: 'a@example.org' }, 'PUT');
      expect(put.status).toBe(200);
      // PUT resets what it leaves out to the serializer's defaults.
      expect(put.body).toMatchObject({ is_staff: false, is_active: true, first_name: 'Alice' });
      expect(await loginStatus('alice', 'wonderland-42')).toBe(401);
      const reset = await client.send(alice.pulp_href, { password: 'looking-glass' }, 'PATCH');
      expect(reset.status).toBe(200);
      expect(await loginStatus('alice', 'looking-glass')).toBe(200);
      await client.send(alice.pulp_href, { is_active: false }, 'PATCH');
      expect(await loginStatus('alice', 'looking-glass')).toBe(401);
      await client.send(alice.pulp_href, { is_active: true }, 'PATCH');
    });

    it.each([
      [{ username: 'alice' }, { username: ['This field must be unique.'] }],
      [{ username: '   ' }, { username: ['This field may not be blank.'] }],
      [{ username: 'x'.repeat(151) }, { username: ['Ensure this field has no more than 150 characters.'] }],
      [{}, { username: ['This field is required.'] }],
      [{ username: 'carol', email: 'not-an-address' }, { email: ['Enter a valid email address.'] }],
      [{ username: 'carol', password: '' }, { password: ['This field may not be blank.'] }],
      [
        { username: 'carol', password: '1234' },
        {
          non_field_errors: [
            'This password is too short. It must contain at least 8 characters.',
            'This password is entirely numeric.',
          ],
        },
      ],
      [{ username: 'carol', is_staff: 'maybe' }, { is_staff: ['Must be a valid boolean.'] }],
      [{ username: 'carol', colour: 'red' }, { colour: ['Unexpected field'] }],
      [{ username: 'car\u0000ol' }, { username: ['Null characters are not allowed.'] }],
    ])('refuses %j with Pulp’s 400', async (body, errors) => {
      const answer = await client.send(`${API}users/`, body);
      expect(answer).toEqual({ status: 400, body: errors });
    });

    it('refuses renaming onto a taken username, and keeps its own', async () => {
      const taken = await client.send(alice.pulp_href, { username: 'bob' }, 'PATCH');
      expect(taken).toEqual({ status: 400, body: { username: ['This field must be unique.'] } });
      expect((await client.send(alice.pulp_href, { username: 'alice' }, 'PATCH')).status).toBe(200);
    });

    it('filters and orders users as Pulp does', async () => {
      const names = async (query: string) => {
        const answer = await client.call(`${API}users/?${query}`);
        expect(answer.status).toBe(200);
        return (answer.body.results as Json[]).map((user) => user.username);
      };
      expect(await names('ordering=username')).toEqual(['admin', 'alice', 'bob']);
      expect(await names('username__icontains=LI&ordering=username')).toEqual(['alice']);
      expect(await names('username__in=bob,admin&ordering=-username')).toEqual(['bob', 'admin']);
      expect(await names('email__iexact=A@EXAMPLE.ORG')).toEqual(['alice']);
      expect(await names('is_staff=true')).toEqual(['admin']);
      expect(await names(`pulp_href__in=${alice.pulp_href}`)).toEqual(['alice']);
      expect(await names(`prn__in=prn:auth.user:${alice.id}`)).toEqual(['alice']);
      // Newest first by default.
      expect(await names('')).toEqual(['bob', 'alice', 'admin']);
      const unknown = await client.call(`${API}users/?nickname=al`);
      expect(unknown).toEqual({ status: 400, body: { errors: ["Invalid Filter: 'nickname'"] } });
    });

    it('answers 404 for an unknown or malformed id, and deletes (204)', async () => {
      for (const id of ['999999', 'abc', '99999999999']) {
        expect(await client.call(`${API}users/${id}/`)).toEqual({
          status: 404,
          body: { detail: 'No User matches the given query.' },
        });
      }
      const carol = await client.send(`${API}users/`, { username: 'carol', password: 'c-a-r-o-l-1' });
      expect((await client.call(carol.body.pulp_href, { method: 'DELETE' })).status).toBe(204);
      expect((await client.call(carol.body.pulp_href)).status).toBe(404);
      expect((await client.call(carol.body.pulp_href, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('groups/ and their members', () => {
    let group: Json;
    let alice: Json;

    beforeAll(async () => {
      alice = (await client.call(`${API}users/?username=alice`)).body.results[0];
    });

    it('creates, renames, filters groups; names are unique', async () => {
      const created = await client.send(`${API}groups/`, { name: 'readers' });
      expect(created.status).toBe(201);
      group = created.body;
      expect(group).toEqual({
        name: 'readers',
        pulp_href: `${API}groups/${group.id}/`,
        prn: `prn:core.group:${group.id}`,
        id: expect.any(Number),
      });
      expect(await client.send(`${API}groups/`, { name: 'readers' })).toEqual({
        status: 400,
        body: { name: ['This field must be unique.'] },
      });
      const other = (await client.send(`${API}groups/`, { name: 'writers' })).body;
      const renamed = await client.send(other.pulp_href, { name: 'editors' }, 'PUT');
      expect(renamed.body).toMatchObject({ name: 'editors', id: other.id });
      const list = await client.call(`${API}groups/`);
      expect((list.body.results as Json[]).map((g) => g.name)).toEqual(['editors', 'readers']);
      const byId = await client.call(`${API}groups/?id__in=${group.id}`);
      expect(byId.body.count).toBe(1);
      expect((await client.call(`${API}groups/?name__contains=dit`)).body.results[0].name).toBe('editors');
      expect((await client.call(other.pulp_href, { method: 'DELETE' })).status).toBe(204);
      expect(await client.call(other.pulp_href)).toEqual({
        status: 404,
        body: { detail: 'No Group matches the given query.' },
      });
    });

    it('adds a member by username (201), lists and removes it', async () => {
      const added = await client.send(`${group.pulp_href}users/`, { username: 'alice' });
      expect(added).toEqual({
        status: 201,
        body: { username: 'alice', pulp_href: alice.pulp_href, prn: alice.prn },
      });
      const members = await client.call(`${group.pulp_href}users/`);
      expect(members.body).toEqual({ count: 1, next: null, previous: null, results: [added.body] });
      expect((await client.call(alice.pulp_href)).body.groups).toEqual([
        { name: 'readers', pulp_href: group.pulp_href, prn: group.prn },
      ]);
      const removed = await client.call(`${group.pulp_href}users/${alice.id}/`, { method: 'DELETE' });
      expect(removed.status).toBe(204);
      expect((await client.call(`${group.pulp_href}users/`)).body.count).toBe(0);
      await client.send(`${group.pulp_href}users/`, { username: 'alice' });
    });

    it('refuses an unknown user or an empty body as Pulp does, and 404s an unknown group', async () => {
      expect(await client.send(`${group.pulp_href}users/`, { username: 'nobody' })).toEqual({
        status: 400,
        body: ['Could not find user nobody'],
      });
      expect(await client.send(`${group.pulp_href}users/`, {})).toEqual({
        status: 400,
        body: ["Please provide one of the following values for User: 'pk', 'id', 'username'"],
      });
      expect((await client.send(`${API}groups/999999/users/`, { username: 'alice' })).status).toBe(404);
      expect((await client.call(`${API}groups/999999/users/`)).status).toBe(404);
    });
  });

  describe('role assignments', () => {
    let alice: Json;
    let group: Json;
    let repository: Json;
    let domain: string;

    beforeAll(async () => {
      alice = (await client.call(`${API}users/?username=alice`)).body.results[0];
      group = (await client.call(`${API}groups/?name=readers`)).body.results[0];
      repository = (await client.send(`${API}repositories/file/file/`, { name: 'roles-repo' })).body;
      const [row] = await site.query<{ pulp_id: string }>("SELECT pulp_id FROM core_domain WHERE name = 'default'");
      domain = `${API}domains/${row.pulp_id}/`;
    });

    it('gives a user a role model-wide and on one object; reads, lists, filters and deletes them', async () => {
      const global = await client.send(`${alice.pulp_href}roles/`, {
        role: 'test.repository_reader',
        content_object: null,
      });
      expect(global.status).toBe(201);
      expect(global.body).toEqual({
        pulp_href: expect.stringMatching(new RegExp(`^${alice.pulp_href}roles/[0-9a-f-]{36}/$`)),
        prn: expect.stringMatching(/^prn:core\.userrole:[0-9a-f-]{36}$/),
        pulp_created: expect.any(String),
        pulp_last_updated: expect.any(String),
        role: 'test.repository_reader',
        content_object: null,
        content_object_prn: null,
        description: 'test role',
        permissions: ['file.view_filerepository'],
        domain: null,
      });
      const onObject = await client.send(`${alice.pulp_href}roles/`, {
        role: 'test.repository_reader',
        content_object: repository.pulp_href,
      });
      expect(onObject.status).toBe(201);
      expect(onObject.body).toMatchObject({
        content_object: repository.pulp_href,
        content_object_prn: repository.prn,
      });
      expect((await client.call(onObject.body.pulp_href)).body).toEqual(onObject.body);
      const list = async (query = '') => (await client.call(`${alice.pulp_href}roles/${query}`)).body;
      expect((await list()).results).toEqual([onObject.body, global.body]);
      expect((await list('?content_object=null')).results).toEqual([global.body]);
      expect((await list(`?content_object=${repository.pulp_href}`)).results).toEqual([onObject.body]);
      expect((await list('?role__startswith=test.repo')).count).toBe(2);
      expect((await list('?role=test.group_reader')).count).toBe(0);
      expect((await client.call(onObject.body.pulp_href, { method: 'DELETE' })).status).toBe(204);
      expect(await client.call(onObject.body.pulp_href)).toEqual({
        status: 404,
        body: { detail: 'No UserRole matches the given query.' },
      });
      // By PRN, as content_object_prn; the object is kept as its uuid is spelled in the database.
      const [app, uuid] = [repository.prn.slice(0, repository.prn.lastIndexOf(':')), repository.prn.split(':')[2]];
      const byPrn = await client.send(`${alice.pulp_href}roles/`, {
        role: 'test.repository_reader',
        content_object_prn: `${app}:${uuid.toUpperCase()}`,
      });
      expect(byPrn.status).toBe(201);
      expect(byPrn.body).toMatchObject({ content_object: repository.pulp_href, content_object_prn: repository.prn });
      const again = await client.send(`${alice.pulp_href}roles/`, {
        role: 'test.repository_reader',
        content_object: repository.pulp_href,
      });
      expect(again).toEqual({
        status: 400,
        body: { non_field_errors: ['The role is already assigned to this user.'] },
      });
    });

    it('gives a group a role on a domain and on a group object', async () => {
      const onDomain = await client.send(`${group.pulp_href}roles/`, {
        role: 'test.repository_reader',
        content_object: null,
        domain,
      });
      expect(onDomain.status).toBe(201);
      expect(onDomain.body).toMatchObject({ domain, content_object: null });
      expect(onDomain.body.pulp_href).toMatch(new RegExp(`^${group.pulp_href}roles/`));
      const onGroup = await client.send(`${group.pulp_href}roles/`, {
        role: 'test.group_reader',
        content_object: group.pulp_href,
      });
      expect(onGroup.status).toBe(201);
      expect(onGroup.body).toMatchObject({ content_object: group.pulp_href, content_object_prn: group.prn });
      const [row] = await site.query<{ content_type: string; object_id: string }>(
        'SELECT content_type, object_id FROM core_grouprole WHERE pulp_id = $1',
        [onGroup.body.prn.split(':')[2]],
      );
      expect(row).toEqual({ content_type: 'core.group', object_id: String(group.id) });
      expect((await client.call(`${group.pulp_href}roles/?domain=${domain}`)).body.count).toBe(1);
    });

    it.each([
      [{ role: 'no.such_role', content_object: null }, { role: ['Object with name=no.such_role does not exist.'] }],
      [
        { role: 'test.repository_reader' },
        {
          non_field_errors: [
            "Either 'content_object' or 'content_object_prn' needs to be specified. Use 'null' for global or domain level access.",
          ],
        },
      ],
      [
        { role: 'test.repository_reader', content_object: '/pulp/api/v3/repositories/file/file/nope/' },
        { content_object: ['Invalid value: /pulp/api/v3/repositories/file/file/nope/.'] },
      ],
      [{ role: 'test.repository_reader', content_object: null }, 'The role is already assigned to this user.'],
      [
        { role: 'test.group_reader', content_object: 'REPOSITORY' },
        "The role 'test.group_reader' does not carry any permission for that object.",
      ],
      [
        { role: 'test.group_reader', content_object: null, domain: 'DOMAIN' },
        "The role 'test.group_reader' does not carry any permission on an object with a domain",
      ],
      [
        { role: 'test.repository_reader', content_object: 'REPOSITORY', domain: 'DOMAIN' },
        'Domain and content_object are mutually exclusive.',
      ],
    ])('refuses %j with Pulp’s 400', async (body, errors) => {
      const filled = JSON.parse(
        JSON.stringify(body).replace('REPOSITORY', repository.pulp_href).replace('DOMAIN', domain),
      ) as Json;
      const answer = await client.send(`${alice.pulp_href}roles/`, filled);
      expect(answer).toEqual({
        status: 400,
        body: typeof errors === 'string' ? { non_field_errors: [errors] } : errors,
      });
    });

    it('answers 404 below an unknown user or group', async () => {
      expect(await client.call(`${API}users/999999/roles/`)).toEqual({
        status: 404,
        body: { detail: 'No User matches the given query.' },
      });
      expect((await client.send(`${API}groups/999999/roles/`, { role: 'test.group_reader' })).status).toBe(404);
      expect((await client.call(`${alice.pulp_href}roles/not-a-uuid/`)).status).toBe(404);
    });

    it('drops the assignments of a deleted user', async () => {
      const dave = (await client.send(`${API}users/`, { username: 'dave', password: null })).body;
      await client.send(`${dave.pulp_href}roles/`, { role: 'test.repository_reader', content_object: null });
      expect(await site.count('core_userrole')).toBeGreaterThan(0);
      const before = await site.count('core_userrole');
      expect((await client.call(dave.pulp_href, { method: 'DELETE' })).status).toBe(204);
      expect(await site.count('core_userrole')).toBe(before - 1);
    });
  });
});
