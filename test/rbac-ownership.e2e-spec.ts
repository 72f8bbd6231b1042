import { randomUUID } from 'node:crypto';
import { adminSite, type Answer, type ApiClient, type Json } from './support/api-client';
import { completed, distributedFiles } from './support/distribute';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { rawRequest } from './support/raw-http';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const P = '/pulp/content/';
const RBAC = `${API}contentguards/core/rbac/`;
const basic = (username: string, password = 'pw') =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const auth = (username: string, password?: string) => ({ authorization: basic(username, password) });
const idOf = (href: string) => href.split('/').at(-2)!;

// Creation hooks (the creator owns what they create, the dispatcher the task) and the RBAC content guard.
describe('object ownership and the RBAC content guard', () => {
  let site: TestSite;
  let client: ApiClient;
  let content: PulpProcess;
  const ids: Record<string, number> = {};
  /** The guarded file (distribution `rbac`, guard `downloaders`), from the content app. */
  const get = (headers: Record<string, string> = {}) => rawRequest(content.baseUrl!, `${P}rbac/r.txt`, { headers });
  const text = (answer: { status: number; body: Buffer }) => [answer.status, answer.body.toString()];
  const NOT_AUTHENTICATED = [403, '403: Authentication credentials were not provided.'];
  const FORBIDDEN = [403, '403: You do not have permission to perform this action.'];
  const SERVED = [200, 'rbac bytes'];
  /** An anonymous request once it answers `status` (the content app hears of changes by notification). */
  const anonymousOnceSettled = async (status: number) =>
    text(
      await pollUntil(
        () => get(),
        (answer) => answer.status === status,
      ),
    );

  /** A request as `username` (password `pw`, as the admin's). */
  const as = (username: string, path: string, body?: unknown, method = body ? 'POST' : 'GET'): Promise<Answer> =>
    client.call(path, {
      method,
      headers: { authorization: basic(username), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** The roles assigned to user `username` on the object (content type, id), by name. */
  const rolesOn = async (username: string, contentType: string, objectId: string) =>
    (
      await site.query<{ name: string }>(
        `SELECT r.name FROM core_userrole ur JOIN core_role r ON r.pulp_id = ur.role_id
          WHERE ur.user_id = $1 AND ur.content_type = $2 AND ur.object_id = $3 ORDER BY r.name`,
        [ids[username], contentType, objectId],
      )
    ).map((row) => row.name);
  const assign = (username: string, role: string, object?: string) =>
    site.query(
      `INSERT INTO core_userrole (pulp_id, user_id, role_id, content_type, object_id)
       SELECT gen_random_uuid(), $1, pulp_id, $3, $4 FROM core_role WHERE name = $2`,
      [ids[username], role, object ? 'core.rbaccontentguard' : null, object ?? null],
    );

  beforeAll(async () => {
    ({ site, client } = await adminSite());
    content = await site.start('content');
    for (const username of ['alice', 'bob', 'carol', 'dave']) {
      // Their password is the admin's (`pw`).
      const [user] = await site.query<{ id: number }>(
        "INSERT INTO auth_user (username, password) SELECT $1, password FROM auth_user WHERE username = 'admin' RETURNING id",
        [username],
      );
      ids[username] = user.id;
    }
    for (const model of [
      'file.filerepository',
      'file.fileremote',
      'file.filedistribution',
      'file.filealternatecontentsource',
      'core.rbaccontentguard',
    ]) {
      await assign('alice', `${model}_creator`);
    }
  });

  afterAll(() => site?.destroy());

  it('makes the creator of a repository, a remote and a distribution (in its task) their owner', async () => {
    const repository = await as('alice', `${API}repositories/file/file/`, { name: 'alices' });
    expect(repository.status).toBe(201);
    const repositoryId = idOf(repository.body.pulp_href);
    expect(await rolesOn('alice', 'file.filerepository', repositoryId)).toEqual(['file.filerepository_owner']);
    expect(await rolesOn('bob', 'file.filerepository', repositoryId)).toEqual([]);

    const remote = await as('alice', `${API}remotes/file/file/`, { name: 'alices', url: 'http://example.com/' });
    expect(remote.status).toBe(201);
    expect(await rolesOn('alice', 'file.fileremote', idOf(remote.body.pulp_href))).toEqual(['file.fileremote_owner']);

    const task = await client.accepted(
      await as('alice', `${API}distributions/file/file/`, { name: 'alices', base_path: 'alices' }),
    );
    expect(task.state).toBe('completed');
    const distribution = idOf(task.created_resources[0] as string);
    expect(await rolesOn('alice', 'file.filedistribution', distribution)).toEqual(['file.filedistribution_owner']);
    // The task is its dispatcher's.
    expect(await rolesOn('alice', 'core.task', idOf(task.pulp_href as string))).toEqual(['core.task_owner']);

    // The owner reads and changes what they own.
    expect((await as('alice', repository.body.pulp_href as string)).status).toBe(200);
    const changed = await client.accepted(
      await as('alice', repository.body.pulp_href as string, { description: 'mine' }, 'PATCH'),
    );
    expect(changed.state).toBe('completed');
    expect((await as('alice', repository.body.pulp_href as string)).body.description).toBe('mine');
  });

  it('gives every dispatcher their task, and the admin too; roles go with their object', async () => {
    const { body: repositories } = await client.call(`${API}repositories/file/file/?name=alices`);
    const task = await client.accepted(
      await client.send(`${repositories.results[0].pulp_href}modify/`, { add_content_units: [] }),
    );
    const [admin] = await site.query<{ id: number }>("SELECT id FROM auth_user WHERE username = 'admin'");
    ids.admin = admin.id;
    expect(await rolesOn('admin', 'core.task', idOf(task.pulp_href as string))).toEqual(['core.task_owner']);
    expect(await rolesOn('alice', 'core.task', idOf(task.pulp_href as string))).toEqual([]);
    // Deleting an object deletes the roles on it.
    expect((await client.call(task.pulp_href as string, { method: 'DELETE' })).status).toBe(204);
    expect(await rolesOn('admin', 'core.task', idOf(task.pulp_href as string))).toEqual([]);
    const remote = (await client.call(`${API}remotes/file/file/?name=alices`)).body.results[0] as Json;
    expect(await rolesOn('alice', 'file.fileremote', idOf(remote.pulp_href as string))).toEqual([
      'file.fileremote_owner',
    ]);
    await completed(client, client.call(remote.pulp_href as string, { method: 'DELETE' }));
    expect(await rolesOn('alice', 'file.fileremote', idOf(remote.pulp_href as string))).toEqual([]);
  });

  it('makes the creator of an ACS its owner, and its refresher the owner of its hidden repositories', async () => {
    const remote = await as('alice', `${API}remotes/file/file/`, {
      name: 'lazy',
      url: 'http://127.0.0.1:9/',
      policy: 'on_demand',
    });
    const acs = await as('alice', `${API}acs/file/file/`, {
      name: 'alices',
      remote: remote.body.pulp_href,
      paths: ['a/PULP_MANIFEST'],
    });
    expect(acs.status).toBe(201);
    const acsId = idOf(acs.body.pulp_href as string);
    expect(await rolesOn('alice', 'file.filealternatecontentsource', acsId)).toEqual([
      'file.filealternatecontentsource_owner',
    ]);
    expect((await as('alice', `${acs.body.pulp_href}refresh/`, {})).status).toBe(202);
    const [hidden] = await site.query<{ repository_id: string }>(
      'SELECT repository_id::text FROM core_alternatecontentsourcepath WHERE alternate_content_source_id = $1',
      [acsId],
    );
    expect(await rolesOn('alice', 'file.filerepository', hidden.repository_id)).toEqual(['file.filerepository_owner']);
    await completed(client, client.call(acs.body.pulp_href as string, { method: 'DELETE' }));
    expect(await rolesOn('alice', 'file.filealternatecontentsource', acsId)).toEqual([]);
    expect(await rolesOn('alice', 'file.filerepository', hidden.repository_id)).toEqual([]);
  });

  it('fails a create whose policy names an unregistered hook or a missing role, creating nothing', async () => {
    const hooks = (value: unknown) =>
      site.query("UPDATE core_accesspolicy SET creation_hooks = $1 WHERE viewset_name = 'remotes/file/file'", [
        JSON.stringify(value),
      ]);
    const count = async () => Number((await site.query('SELECT count(*) AS n FROM core_remote'))[0].n);
    const before = await count();
    try {
      await hooks([{ function: 'add_roles_for_everyone', parameters: { roles: 'file.fileremote_owner' } }]);
      const unknown = await as('alice', `${API}remotes/file/file/`, { name: randomUUID(), url: 'http://x/' });
      expect(unknown).toEqual({
        status: 500,
        body: { detail: "Creation hook 'add_roles_for_everyone' was not registered for this view set." },
      });
      await hooks([{ function: 'add_roles_for_object_creator', parameters: { roles: ['no.such_role'] } }]);
      const missing = await as('alice', `${API}remotes/file/file/`, { name: randomUUID(), url: 'http://x/' });
      expect(missing).toEqual({ status: 400, body: { detail: "The role 'no.such_role' does not exist." } });
      await hooks([{ function: 'add_roles_for_object_creator', parameters: { roles: 'core.task_owner' } }]);
      const foreign = await as('alice', `${API}remotes/file/file/`, { name: randomUUID(), url: 'http://x/' });
      expect(foreign).toEqual({
        status: 400,
        body: { detail: "The role 'core.task_owner' does not carry any permission for that object." },
      });
      expect(await count()).toBe(before);
      // Hooks naming users get their roles too.
      await hooks([
        { function: 'add_roles_for_users', parameters: { roles: 'file.fileremote_owner', users: ['carol'] } },
      ]);
      const given = await as('alice', `${API}remotes/file/file/`, { name: randomUUID(), url: 'http://x/' });
      expect(given.status).toBe(201);
      expect(await rolesOn('carol', 'file.fileremote', idOf(given.body.pulp_href))).toEqual(['file.fileremote_owner']);
      expect(await rolesOn('alice', 'file.fileremote', idOf(given.body.pulp_href))).toEqual([]);
      // And groups named.
      const [group] = await site.query<{ id: number }>("INSERT INTO auth_group (name) VALUES ('owners') RETURNING id");
      await hooks([
        { function: 'add_roles_for_groups', parameters: { roles: 'file.fileremote_owner', groups: 'owners' } },
      ]);
      const shared = await as('alice', `${API}remotes/file/file/`, { name: randomUUID(), url: 'http://x/' });
      expect(shared.status).toBe(201);
      expect(
        await site.query('SELECT group_id, content_type, object_id FROM core_grouprole WHERE group_id = $1', [
          group.id,
        ]),
      ).toEqual([{ group_id: group.id, content_type: 'file.fileremote', object_id: idOf(shared.body.pulp_href) }]);
      await hooks([
        { function: 'add_roles_for_groups', parameters: { roles: 'file.fileremote_owner', groups: 'nobody' } },
      ]);
      const unknownGroup = await as('alice', `${API}remotes/file/file/`, { name: randomUUID(), url: 'http://x/' });
      expect(unknownGroup).toEqual({
        status: 500,
        body: { detail: "Creation hook 'add_roles_for_groups': a group it names does not exist." },
      });
    } finally {
      await hooks([{ function: 'add_roles_for_object_creator', parameters: { roles: ['file.fileremote_owner'] } }]);
    }
  });

  it('serves an RBAC-guarded distribution to its downloaders only, answering others 403', async () => {
    const created = await as('alice', RBAC, { name: 'downloaders' });
    expect(created.status).toBe(201);
    const guard = created.body as Json;
    const id = idOf(guard.pulp_href as string);
    expect(guard).toEqual({
      pulp_href: `${RBAC}${id}/`,
      prn: `prn:core.rbaccontentguard:${id}`,
      pulp_created: expect.any(String),
      pulp_last_updated: expect.any(String),
      name: 'downloaders',
      description: null,
      users: [{ username: 'alice', pulp_href: `${API}users/${ids.alice}/`, prn: `prn:auth.user:${ids.alice}` }],
      groups: [],
    });
    expect(await rolesOn('alice', 'core.rbaccontentguard', id)).toEqual([
      'core.rbaccontentguard_downloader',
      'core.rbaccontentguard_owner',
    ]);
    expect((await client.call(`${RBAC}?name=downloaders`)).body.results).toEqual([guard]);

    await distributedFiles(client, 'rbac', { 'r.txt': Buffer.from('rbac bytes') });
    const { body: page } = await client.call(`${API}distributions/file/file/?base_path=rbac`);
    await completed(
      client,
      client.send(page.results[0].pulp_href as string, { content_guard: guard.pulp_href }, 'PATCH'),
    );
    expect(await anonymousOnceSettled(403)).toEqual(NOT_AUTHENTICATED);
    expect(text(await get(auth('alice', 'wrong')))).toEqual(NOT_AUTHENTICATED);
    expect(text(await get(auth('bob')))).toEqual(FORBIDDEN);
    expect(text(await get(auth('alice')))).toEqual(SERVED);
    expect(text(await get(auth('admin')))).toEqual(SERVED);

    // A role on the guard, through a group, or model-wide lets others in; the body lists who holds it.
    await assign('bob', 'core.rbaccontentguard_downloader', id);
    expect(text(await get(auth('bob')))).toEqual(SERVED);
    const [group] = await site.query<{ id: number }>("INSERT INTO auth_group (name) VALUES ('readers') RETURNING id");
    await site.query('INSERT INTO auth_user_groups (user_id, group_id) VALUES ($1, $2)', [ids.carol, group.id]);
    expect(text(await get(auth('carol')))).toEqual(FORBIDDEN);
    await site.query(
      `INSERT INTO core_grouprole (pulp_id, group_id, role_id, content_type, object_id)
       SELECT gen_random_uuid(), $1, pulp_id, 'core.rbaccontentguard', $2 FROM core_role
        WHERE name = 'core.rbaccontentguard_downloader'`,
      [group.id, id],
    );
    expect(text(await get(auth('carol')))).toEqual(SERVED);
    const shown = (await client.call(`${RBAC}${id}/`)).body;
    expect(shown.users.map((user: Json) => user.username)).toEqual(['alice', 'bob']);
    expect(shown.groups).toEqual([
      { name: 'readers', pulp_href: `${API}groups/${group.id}/`, prn: `prn:core.group:${group.id}`, id: group.id },
    ]);
    await site.query('UPDATE auth_user SET is_active = false WHERE id = $1', [ids.bob]);
    expect(text(await get(auth('bob')))).toEqual(NOT_AUTHENTICATED);
  });

  it('serves the guarded distribution to the session cookie of a login, as the API accepts it', async () => {
    const login = async (username: string) => {
      const response = await fetch(`${client.baseUrl}${API}login/`, { method: 'POST', headers: auth(username) });
      expect(response.status).toBe(201);
      const cookie = response.headers.getSetCookie().find((set) => set.startsWith('sessionid='));
      return { cookie: cookie!.split(';')[0] };
    };
    // No CSRF token: the content app serves GET and HEAD only.
    expect(text(await get(await login('alice')))).toEqual(SERVED);
    expect(text(await get(await login('dave')))).toEqual(FORBIDDEN);
    expect(text(await get({ cookie: 'sessionid=no-such-session' }))).toEqual(NOT_AUTHENTICATED);
  });

  it('decides by the customized access policy of contentguards/core/rbac, until it is reset', async () => {
    const { body: found } = await client.call(`${API}access_policies/?viewset_name=contentguards/core/rbac`);
    const policy = found.results[0] as Json;
    const patched = await client.send(
      policy.pulp_href as string,
      { statements: [...policy.statements, { action: ['download'], principal: 'anonymous', effect: 'allow' }] },
      'PATCH',
    );
    expect(patched.status).toBe(200);
    expect(await anonymousOnceSettled(200)).toEqual(SERVED);
    // Anonymous only: a user without the role is still refused.
    expect(text(await get(auth('dave')))).toEqual(FORBIDDEN);

    expect((await client.call(`${policy.pulp_href}reset/`, { method: 'POST' })).status).toBe(200);
    expect(await anonymousOnceSettled(403)).toEqual(NOT_AUTHENTICATED);
  });
});
