import { adminSite, type ApiClient, type Json } from './support/api-client';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

/** Pulp 3.102's file repository owner, as its LOCKED_ROLES define it (in Django's permission order). */
const FILE_REPOSITORY_OWNER = [
  'file.change_filerepository',
  'file.delete_filerepository',
  'file.manage_roles_filerepository',
  'file.modify_filerepository',
  'file.repair_filerepository',
  'file.sync_filerepository',
  'file.view_filerepository',
];

describe('the RBAC catalogue: permissions, locked roles and access policies', () => {
  let site: TestSite;
  let client: ApiClient;

  const results = async (path: string): Promise<Json[]> => {
    const answer = await client.call(path);
    expect(answer.status).toBe(200);
    return answer.body.results as Json[];
  };
  const names = async (query: string) => (await results(`${API}roles/?limit=1000&${query}`)).map((r) => r.name);
  const policy = async (viewset: string): Promise<Json> =>
    (await results(`${API}access_policies/?viewset_name=${encodeURIComponent(viewset)}`))[0];
  const role = async (name: string): Promise<Json> => (await results(`${API}roles/?name=${name}`))[0];

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: false }));
  });

  afterAll(() => site?.destroy());

  it("writes Pulp's permissions and locked roles on migrate", async () => {
    expect(await role('file.filerepository_owner')).toMatchObject({
      locked: true,
      description: null,
      permissions: FILE_REPOSITORY_OWNER,
      prn: expect.stringMatching(/^prn:core\.role:/),
      pulp_href: expect.stringMatching(/^\/pulp\/api\/v3\/roles\/[0-9a-f-]{36}\/$/),
    });
    expect(await role('core.task_owner')).toMatchObject({
      locked: true,
      description: 'Allow all actions on a task.',
      permissions: [
        'core.change_task',
        'core.delete_task',
        'core.manage_roles_task',
        'core.view_task',
        'core.view_task_profile_artifacts',
      ],
    });
    expect(
      await site.query("SELECT name FROM auth_permission WHERE app_label = 'file' AND codename = 'upload_files'"),
    ).toEqual([{ name: 'Can upload File content using synchronous API.' }]);
    expect(await names('locked=false')).toEqual([]);
  });

  it("stores each served viewset's default policy; admin-only viewsets have none", async () => {
    const stored = await client.call(`${API}access_policies/?limit=1000`);
    const viewsets = (stored.body.results as Json[]).map((p) => p.viewset_name);
    expect(viewsets).toEqual([...viewsets].sort());
    expect(viewsets).toEqual(
      expect.arrayContaining(['tasks', 'repositories', 'repositories/file/file', 'repositories/file/file/versions']),
    );
    for (const adminOnly of ['workers', 'roles', 'access_policies', 'orphans/cleanup', 'signing-services']) {
      expect(viewsets).not.toContain(adminOnly);
    }
    const repositories = await policy('repositories/file/file');
    expect(repositories).toMatchObject({
      customized: false,
      queryset_scoping: { function: 'scope_queryset' },
      creation_hooks: [
        { function: 'add_roles_for_object_creator', parameters: { roles: 'file.filerepository_owner' } },
      ],
    });
    expect(repositories.permissions_assignment).toEqual(repositories.creation_hooks);
    expect(repositories.statements).toContainEqual({
      action: ['retrieve'],
      principal: 'authenticated',
      effect: 'allow',
      condition: 'has_model_or_domain_or_obj_perms:file.view_filerepository',
    });
    expect((await results(`${API}access_policies/?viewset_name__startswith=repositories/file`)).length).toBe(2);
    expect(await results(`${API}access_policies/?customized=true`)).toEqual([]);
    const read = await client.call(`${repositories.pulp_href}?fields=viewset_name`);
    expect(read.body).toEqual({ viewset_name: 'repositories/file/file' });
  });

  it('marks an updated policy customized, refuses malformed statements, and resets to the default', async () => {
    const tasks = await policy('tasks');
    const statements = [{ action: '*', principal: 'admin', effect: 'allow' }];
    const put = await client.send(tasks.pulp_href, { statements }, 'PUT');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ statements, customized: true, creation_hooks: tasks.creation_hooks });

    const patched = await client.send(tasks.pulp_href, { permissions_assignment: [], queryset_scoping: {} }, 'PATCH');
    expect(patched.body).toMatchObject({
      statements,
      creation_hooks: [],
      permissions_assignment: [],
      queryset_scoping: {},
    });
    expect((await results(`${API}access_policies/?customized=true`)).map((p) => p.viewset_name)).toEqual(['tasks']);

    const bad = await client.send(
      tasks.pulp_href,
      { statements: [{ action: 'list', principal: '*', effect: 'maybe' }] },
      'PATCH',
    );
    expect(bad).toEqual({ status: 400, body: { statements: ['Item 0: "effect" must be "allow" or "deny".'] } });
    expect((await client.send(tasks.pulp_href, {}, 'PUT')).body).toEqual({ statements: ['This field is required.'] });
    expect((await client.send(tasks.pulp_href, { statements: 'x' }, 'PATCH')).status).toBe(400);
    const deep = await client.call(tasks.pulp_href, {
      method: 'PATCH',
      body: `{"statements": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(deep).toEqual({ status: 400, body: { statements: ['Nested more than 32 levels deep.'] } });

    const reset = await client.call(`${tasks.pulp_href}reset/`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({
      statements: tasks.statements,
      creation_hooks: tasks.creation_hooks,
      queryset_scoping: tasks.queryset_scoping,
      customized: false,
    });
    expect((await client.call(`${API}access_policies/00000000-0000-7000-8000-000000000000/`)).status).toBe(404);
  });

  it('refuses to change or delete a locked role, whatever the body', async () => {
    const owner = await role('file.filerepository_owner');
    const locked = { status: 403, body: { detail: 'The role is locked.' } };
    expect(await client.send(owner.pulp_href, { name: 'x', permissions: [] }, 'PUT')).toEqual(locked);
    expect(await client.send(owner.pulp_href, { permissions: 'junk' }, 'PATCH')).toEqual(locked);
    expect(await client.call(owner.pulp_href, { method: 'DELETE' })).toEqual(locked);
    expect((await role('file.filerepository_owner')).permissions).toEqual(FILE_REPOSITORY_OWNER);
  });

  it('creates, reads, changes and deletes roles, checking names and permissions', async () => {
    const created = await client.send(`${API}roles/`, {
      name: 'demo.mixed',
      permissions: ['file.view_filerepository', 'core.view_task', 'file.view_filerepository'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'demo.mixed',
      description: null,
      locked: false,
      permissions: ['core.view_task', 'file.view_filerepository'],
    });
    const href = created.body.pulp_href as string;

    expect(await client.send(`${API}roles/`, { name: 'demo.mixed', permissions: [] })).toEqual({
      status: 400,
      body: { name: ['This field must be unique.'] },
    });
    expect(await client.send(`${API}roles/`, { name: 'demo.bad', permissions: ['file.fly_filerepository'] })).toEqual({
      status: 400,
      body: { permissions: ["Permission 'file.fly_filerepository' does not exist."] },
    });
    expect((await client.send(`${API}roles/`, { name: 'demo.bad', permissions: ['view_task'] })).body).toEqual({
      permissions: ["Permission 'view_task' is not in the format '<app_label>.<codename>'."],
    });
    expect((await client.send(`${API}roles/`, { name: 'demo.bad' })).body).toEqual({
      permissions: ['This field is required.'],
    });

    const patched = await client.send(href, { description: 'Two models.' }, 'PATCH');
    expect(patched.body).toMatchObject({
      description: 'Two models.',
      permissions: ['core.view_task', 'file.view_filerepository'],
    });
    const put = await client.send(href, { name: 'demo.viewer', permissions: ['file.view_filerepository'] }, 'PUT');
    expect(put.body).toMatchObject({
      name: 'demo.viewer',
      description: 'Two models.',
      permissions: ['file.view_filerepository'],
    });
    expect((await client.send(href, { permissions: ['nope.nope'] }, 'PATCH')).status).toBe(400);
    expect((await client.call(href)).body.permissions).toEqual(['file.view_filerepository']);

    expect((await client.call(href, { method: 'DELETE' })).status).toBe(204);
    expect((await client.call(href)).status).toBe(404);
    expect((await client.call(href, { method: 'DELETE' })).status).toBe(404);
  });

  it('filters roles by name, description, lock, permissions and object type', async () => {
    const mixed = await client.send(`${API}roles/`, {
      name: 'demo.mixed',
      description: 'Repositories and tasks',
      permissions: ['file.view_filerepository', 'core.view_task'],
    });
    expect(mixed.status).toBe(201);

    expect(await names('name__startswith=demo.')).toEqual(['demo.mixed']);
    expect(await names('locked=false')).toEqual(['demo.mixed']);
    expect(await names('description__icontains=AND TASKS')).toEqual(['demo.mixed']);
    expect(await names('name__in=core.task_viewer,file.filerepository_viewer')).toEqual([
      'core.task_viewer',
      'file.filerepository_viewer',
    ]);

    const viewers = await names('contains_permission=file.view_filerepository&contains_permission=core.view_task');
    expect(viewers).toEqual(
      expect.arrayContaining(['core.task_owner', 'core.task_viewer', 'demo.mixed', 'file.filerepository_owner']),
    );
    expect(viewers).not.toContain('file.filerepository_creator');
    expect(await names('contains_permission=sync_filerepository')).toEqual(['file.filerepository_owner']);

    expect(await names(`for_object_type=${API}repositories/file/file/`)).toEqual([
      'file.filerepository_creator',
      'file.filerepository_owner',
      'file.filerepository_viewer',
    ]);
    expect((await client.call(`${API}roles/?for_object_type=${API}nothing/here/`)).status).toBe(400);
    await client.call(mixed.body.pulp_href as string, { method: 'DELETE' });
  });

  it('keeps customized policies and restores locked roles and uncustomized defaults when migrate runs again', async () => {
    const tasks = await policy('tasks');
    const uploads = await policy('uploads');
    const customized = [{ action: '*', principal: 'authenticated', effect: 'deny' }];
    expect((await client.send(tasks.pulp_href, { statements: customized }, 'PATCH')).status).toBe(200);
    await site.query("UPDATE core_accesspolicy SET statements = '[]' WHERE viewset_name = 'uploads'");
    await site.query("DELETE FROM core_accesspolicy WHERE viewset_name = 'artifacts'");
    await site.query(
      `UPDATE core_role SET description = 'changed', locked = false WHERE name = 'file.filerepository_owner'`,
    );
    await site.query(
      `DELETE FROM core_role_permissions WHERE role_id = (SELECT pulp_id FROM core_role WHERE name = 'core.task_owner')`,
    );
    await site.query("INSERT INTO core_role (pulp_id, name, locked) VALUES (gen_random_uuid(), 'file.retired', true)");

    const migrate = await site.manager(['migrate']);
    expect(migrate.code).toBe(0);
    expect(migrate.output.trim()).toBe('No migrations to apply.');

    expect(await policy('tasks')).toMatchObject({ statements: customized, customized: true });
    expect((await policy('uploads')).statements).toEqual(uploads.statements);
    expect(await policy('artifacts')).toMatchObject({ customized: false });
    expect(await role('file.filerepository_owner')).toMatchObject({
      locked: true,
      description: null,
      permissions: FILE_REPOSITORY_OWNER,
    });
    expect((await role('core.task_owner')).permissions).toHaveLength(5);
    expect(await names('name=file.retired')).toEqual([]);
  });
});
