import { hashPassword } from '../libs/rbac/src/password-hasher';
import { uuid7 } from '../libs/database/src/uuid7';
import { adminSite, ApiClient, type Answer, type Json } from './support/api-client';
import { pollUntil } from './support/poll';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

/** Permissions of the models this suite assigns roles on (what `migrate` writes from the catalogues, once it does). */
const PERMISSIONS: Record<string, string[]> = {
  'file.filerepository': ['view', 'change', 'delete', 'modify', 'sync'],
  'file.fileremote': ['view', 'change', 'delete'],
  'file.filedistribution': ['view', 'change', 'delete'],
  'core.task': ['view', 'change', 'delete'],
  'core.upload': ['view', 'change', 'delete'],
  'core.taskschedule': ['view'],
};
const codename = (model: string, action: string) => `${action}_${model.split('.')[1]}`;
const fullName = (model: string, action: string) => `${model.split('.')[0]}.${codename(model, action)}`;

/** The suite's roles (names of their own, beside any locked role `migrate` writes): role → model and actions. */
const ROLES: Record<string, { model: string; actions: string[] }> = {
  'test.repository_maintainer': { model: 'file.filerepository', actions: ['view', 'modify', 'sync'] },
  'test.remote_viewer': { model: 'file.fileremote', actions: ['view'] },
  'test.distribution_owner': { model: 'file.filedistribution', actions: ['view', 'change', 'delete'] },
  'test.task_viewer': { model: 'core.task', actions: ['view'] },
  'test.upload_owner': { model: 'core.upload', actions: ['view', 'change', 'delete'] },
  'test.schedule_viewer': { model: 'core.taskschedule', actions: ['view'] },
};

// Pulp's RolesMixin on typed objects and tasks (libs/rbac/src/object-roles, libs/core/src/typed/member-endpoints.ts).
describe('object roles', () => {
  let site: TestSite;
  let client: ApiClient;
  let repository: Json;
  let other: Json;
  let remote: Json;
  let distribution: Json;
  let task: Json;
  let upload: Json;
  let schedule: Json;

  const as = (username: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
  });
  const alice = as('alice', 'alice-pw');
  const assignments = async () =>
    (
      await site.query<{ n: string }>(
        'SELECT (SELECT count(*) FROM core_userrole) + (SELECT count(*) FROM core_grouprole) AS n',
      )
    )[0].n;
  const idOf = (href: string) => href.split('/').at(-2)!;

  beforeAll(async () => {
    // A nonzero protection time makes the worker keep the upload cleanup schedule: a task schedule to hold roles.
    ({ site, client } = await adminSite({ UPLOAD_PROTECTION_TIME: 60 }));
    for (const name of ['alice', 'bob']) {
      await site.query('INSERT INTO auth_user (username, password, is_active) VALUES ($1, $2, true)', [
        name,
        await hashPassword(`${name}-pw`),
      ]);
    }
    await site.query("INSERT INTO auth_group (name) VALUES ('ops'), ('dev')");
    for (const [model, actions] of Object.entries(PERMISSIONS)) {
      const [appLabel, modelName] = model.split('.');
      for (const action of actions) {
        await site.query(
          `INSERT INTO auth_permission (app_label, codename, model, name) VALUES ($1, $2, $3, $4)
           ON CONFLICT (app_label, codename) DO NOTHING`,
          [appLabel, codename(model, action), modelName, `Can ${action} ${modelName}`],
        );
      }
    }
    for (const [name, { model, actions }] of Object.entries(ROLES)) {
      const id = uuid7();
      await site.query('INSERT INTO core_role (pulp_id, name) VALUES ($1, $2)', [id, name]);
      await site.query(
        `INSERT INTO core_role_permissions (role_id, permission_id)
         SELECT $1, id FROM auth_permission WHERE app_label || '.' || codename = ANY($2)`,
        [id, actions.map((action) => fullName(model, action))],
      );
    }
    repository = (await client.send(`${API}repositories/file/file/`, { name: 'repo' })).body as Json;
    other = (await client.send(`${API}repositories/file/file/`, { name: 'other' })).body as Json;
    remote = (await client.send(`${API}remotes/file/file/`, { name: 'remote', url: 'http://example.com/' }))
      .body as Json;
    task = await client.accepted(
      await client.send(`${API}distributions/file/file/`, { name: 'dist', base_path: 'dist' }),
    );
    expect(task.state).toBe('completed');
    distribution = (await client.call(task.created_resources[0] as string)).body as Json;
    upload = (await client.send(`${API}uploads/`, { size: 10 })).body as Json;
    const schedules = await pollUntil(
      async () => (await client.call(`${API}task-schedules/`)).body.results as Json[],
      (results) => results.length > 0,
    );
    schedule = schedules[0];
    // The admin owns what it created (creation hooks); the suite counts assignments from none.
    await site.query('DELETE FROM core_userrole');
  });

  afterAll(() => site?.destroy());

  it('adds a role on a repository to users and groups, lists it, and stores it as Pulp names the object', async () => {
    const body = { role: 'test.repository_maintainer', users: ['alice'], groups: ['ops'] };
    const added = await client.send(`${repository.pulp_href}add_role/`, body);
    expect(added).toEqual({ status: 201, body });
    const rows = await site.query(
      `SELECT content_type, object_id, domain_id FROM core_userrole
        UNION ALL SELECT content_type, object_id, domain_id FROM core_grouprole`,
    );
    expect(rows).toEqual([
      { content_type: 'file.filerepository', object_id: idOf(repository.pulp_href), domain_id: null },
      { content_type: 'file.filerepository', object_id: idOf(repository.pulp_href), domain_id: null },
    ]);
    expect(await client.call(`${repository.pulp_href}list_roles/`)).toEqual({ status: 200, body: { roles: [body] } });
    // Roles are per object: the other repository has none.
    expect((await client.call(`${other.pulp_href}list_roles/`)).body).toEqual({ roles: [] });
  });

  it('refuses to add a role twice and to remove one not assigned, naming the holder', async () => {
    const before = await assignments();
    expect(
      await client.send(`${repository.pulp_href}add_role/`, { role: 'test.repository_maintainer', users: ['alice'] }),
    ).toEqual({ status: 400, body: { non_field_errors: ["The role is already assigned to user 'alice'."] } });
    expect(
      await client.send(`${repository.pulp_href}add_role/`, { role: 'test.repository_maintainer', groups: ['ops'] }),
    ).toEqual({ status: 400, body: { non_field_errors: ["The role is already assigned to group 'ops'."] } });
    expect(
      await client.send(`${repository.pulp_href}remove_role/`, {
        role: 'test.repository_maintainer',
        users: ['alice', 'bob'],
      }),
    ).toEqual({ status: 400, body: { non_field_errors: ["The role is not assigned to user 'bob'."] } });
    expect(
      await client.send(`${repository.pulp_href}remove_role/`, { role: 'test.repository_maintainer', groups: ['dev'] }),
    ).toEqual({ status: 400, body: { non_field_errors: ["The role is not assigned to group 'dev'."] } });
    expect(await assignments()).toBe(before);
  });

  it.each<[string, Json, Json]>([
    ['no role', { users: ['alice'] }, { role: ['This field is required.'] }],
    ['a blank role', { role: '' }, { role: ['This field may not be blank.'] }],
    ['an unknown role', { role: 'nope' }, { role: ['Object with name=nope does not exist.'] }],
    [
      'unknown users and groups',
      { role: 'nope', users: ['alice', 'carol'], groups: ['qa'] },
      {
        role: ['Object with name=nope does not exist.'],
        users: ['Object with username=carol does not exist.'],
        groups: ['Object with name=qa does not exist.'],
      },
    ],
    [
      'users that are no list',
      { role: 'test.repository_maintainer', users: 'alice' },
      { users: ['Expected a list of items but got type "str".'] },
    ],
    ['a null user', { role: 'test.repository_maintainer', users: [null] }, { users: ['This field may not be null.'] }],
    [
      'a role without a permission on repositories',
      { role: 'test.remote_viewer', users: ['bob'] },
      { non_field_errors: ['The role does not contain any permission for that object.'] },
    ],
    ['an unexpected field', { role: 'test.repository_maintainer', owner: 'bob' }, { owner: ['Unexpected field'] }],
  ])('answers 400 for %s, and assigns nothing', async (_case, body, errors) => {
    const before = await assignments();
    for (const action of ['add_role', 'remove_role']) {
      expect(await client.send(`${repository.pulp_href}${action}/`, body)).toEqual({ status: 400, body: errors });
    }
    expect(await assignments()).toBe(before);
  });

  it('removes a role from users and groups; an object whose last holder went lists no role', async () => {
    const removed = await client.send(`${repository.pulp_href}remove_role/`, {
      role: 'test.repository_maintainer',
      users: ['alice'],
    });
    expect(removed).toEqual({
      status: 201,
      body: { role: 'test.repository_maintainer', users: ['alice'], groups: [] },
    });
    expect((await client.call(`${repository.pulp_href}list_roles/`)).body).toEqual({
      roles: [{ role: 'test.repository_maintainer', users: [], groups: ['ops'] }],
    });
    await client.send(`${repository.pulp_href}remove_role/`, { role: 'test.repository_maintainer', groups: ['ops'] });
    expect((await client.call(`${repository.pulp_href}list_roles/`)).body).toEqual({ roles: [] });
  });

  it.each([
    ['a remote', () => remote, 'test.remote_viewer', 'file.fileremote'],
    ['a distribution', () => distribution, 'test.distribution_owner', 'file.filedistribution'],
    ['a task', () => ({ pulp_href: task.pulp_href as string }), 'test.task_viewer', 'core.task'],
    ['an upload', () => upload, 'test.upload_owner', 'core.upload'],
    ['a task schedule', () => schedule, 'test.schedule_viewer', 'core.taskschedule'],
  ])('adds, lists and removes a role on %s', async (_kind, object, role, contentType) => {
    const { pulp_href: href } = object();
    const body = { role, users: ['bob'], groups: ['dev'] };
    expect(await client.send(`${href}add_role/`, body)).toEqual({ status: 201, body });
    expect((await client.call(`${href}list_roles/`)).body).toEqual({ roles: [body] });
    const [row] = await site.query('SELECT content_type, object_id FROM core_userrole');
    expect(row).toEqual({ content_type: contentType, object_id: idOf(href) });
    // A repository role does not fit this object.
    expect(
      (await client.send(`${href}add_role/`, { role: 'test.repository_maintainer', users: ['bob'] })).body,
    ).toEqual({ non_field_errors: ['The role does not contain any permission for that object.'] });
    expect(await client.send(`${href}remove_role/`, body)).toEqual({ status: 201, body });
    expect((await client.call(`${href}list_roles/`)).body).toEqual({ roles: [] });
  });

  it('answers 404 for a member that does not exist', async () => {
    const missing = `${API}repositories/file/file/${uuid7()}/`;
    for (const href of [missing, `${API}repositories/file/file/not-a-uuid/`, `${API}tasks/${uuid7()}/`]) {
      expect((await client.call(`${href}list_roles/`)).status).toBe(404);
      expect((await client.call(`${href}my_permissions/`)).status).toBe(404);
      const answer: Answer = await client.send(`${href}add_role/`, { role: 'test.repository_maintainer' });
      expect(answer.status).toBe(404);
    }
  });

  it("gives the admin every permission of the object's model", async () => {
    const all = async (model: string) =>
      (
        await site.query<{ name: string }>(
          "SELECT app_label || '.' || codename AS name FROM auth_permission WHERE app_label || '.' || model = $1 ORDER BY 1",
          [model],
        )
      ).map((row) => row.name);
    for (const [href, model] of [
      [repository.pulp_href, 'file.filerepository'],
      [task.pulp_href, 'core.task'],
    ]) {
      const permissions = await all(model);
      expect(permissions).toEqual(expect.arrayContaining(PERMISSIONS[model].map((action) => fullName(model, action))));
      expect(await client.call(`${href}my_permissions/`)).toEqual({ status: 200, body: { permissions } });
    }
  });

  it("gives a user the permissions on the object's model held on the object, through a group or model-wide", async () => {
    const [user] = await site.query<{ id: number }>("SELECT id FROM auth_user WHERE username = 'alice'");
    const [group] = await site.query<{ id: number }>("SELECT id FROM auth_group WHERE name = 'ops'");
    await site.query('INSERT INTO auth_user_groups (user_id, group_id) VALUES ($1, $2)', [user.id, group.id]);
    // Model-wide: every task; a role of another model is no permission on the repository.
    await site.query(
      `INSERT INTO core_userrole (pulp_id, user_id, role_id) SELECT $1, $2, pulp_id FROM core_role WHERE name = $3`,
      [uuid7(), user.id, 'test.task_viewer'],
    );
    expect(
      await client.send(`${repository.pulp_href}add_role/`, { role: 'test.repository_maintainer', groups: ['ops'] }),
    ).toMatchObject({ status: 201 });

    const mine = async (href: string) => {
      const answer = await client.call(`${href}my_permissions/`, { headers: alice });
      expect(answer.status).toBe(200);
      return (answer.body as Json).permissions as string[];
    };
    expect(await mine(repository.pulp_href)).toEqual([
      'file.modify_filerepository',
      'file.sync_filerepository',
      'file.view_filerepository',
    ]);
    expect(await mine(task.pulp_href)).toEqual(['core.view_task']);
  });

  it('drops the role assignments on an object with it, and no others', async () => {
    // Tasks dispatched on the way give the admin their core.task_owner: those are not counted.
    const held = async () =>
      (
        await site.query<{ object_id: string | null }>(
          `SELECT object_id FROM core_userrole
            WHERE content_type IS DISTINCT FROM 'core.task' OR user_id <> (SELECT id FROM auth_user WHERE username = 'admin')
           UNION ALL SELECT object_id FROM core_grouprole ORDER BY 1`,
        )
      ).map((row) => row.object_id);
    await client.send(`${other.pulp_href}add_role/`, { role: 'test.repository_maintainer', users: ['bob'] });
    await client.send(`${task.pulp_href}add_role/`, { role: 'test.task_viewer', users: ['bob'], groups: ['dev'] });
    const before = await held();
    // The repository's group role goes with it (a delete task), the task's with the task.
    expect((await client.accepted(await client.call(repository.pulp_href, { method: 'DELETE' }))).state).toBe(
      'completed',
    );
    expect((await client.call(task.pulp_href, { method: 'DELETE' })).status).toBe(204);
    const gone = new Set([idOf(repository.pulp_href), idOf(task.pulp_href)]);
    expect(await held()).toEqual(before.filter((id) => id === null || !gone.has(id)));
    expect(before.filter((id) => id !== null && gone.has(id))).toHaveLength(3);
    expect(await held()).toContain(idOf(other.pulp_href));
  });

  it('drops the role assignments on a group with the group', async () => {
    const [group] = await site.query<{ id: number }>("INSERT INTO auth_group (name) VALUES ('gone') RETURNING id");
    await site.query(
      `INSERT INTO core_userrole (pulp_id, user_id, role_id, content_type, object_id)
       SELECT $1, u.id, r.pulp_id, 'core.group', $2 FROM auth_user u, core_role r
        WHERE u.username = 'bob' AND r.name = 'test.task_viewer'`,
      [uuid7(), String(group.id)],
    );
    const onGroup = "SELECT count(*) AS n FROM core_userrole WHERE content_type = 'core.group'";
    expect(await site.query(onGroup)).toEqual([{ n: '1' }]);
    await site.query('DELETE FROM auth_group WHERE id = $1', [group.id]);
    expect(await site.query(onGroup)).toEqual([{ n: '0' }]);
  });
});
