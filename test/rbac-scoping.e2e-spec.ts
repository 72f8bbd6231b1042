import { randomUUID } from 'node:crypto';
import { hashPassword } from '../libs/rbac/src/password-hasher';
import { adminSite, ApiClient, type Answer, type Json } from './support/api-client';
import { pollUntil } from './support/poll';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const REPOSITORIES = `${API}repositories/file/file/`;
const REMOTES = `${API}remotes/file/file/`;
const DISTRIBUTIONS = `${API}distributions/file/file/`;
const FILES = `${API}content/file/files/`;
const FORBIDDEN = { detail: 'You do not have permission to perform this action.' };

/** Pulp 3.102's default policy of a file viewset (the statements these tests exercise), scoping its querysets. */
function objectPolicy(model: string, extra: Json[] = []) {
  const perm = (verb: string) => `has_model_or_domain_or_obj_perms:file.${verb}_${model}`;
  return [
    { action: ['list'], principal: 'authenticated', effect: 'allow' },
    {
      action: ['create'],
      principal: 'authenticated',
      effect: 'allow',
      condition: `has_model_or_domain_perms:file.add_${model}`,
    },
    { action: ['retrieve'], principal: 'authenticated', effect: 'allow', condition: perm('view') },
    {
      action: ['update', 'partial_update'],
      principal: 'authenticated',
      effect: 'allow',
      condition: [perm('change'), perm('view'), ...extra.map((statement) => statement.condition as string)],
    },
    { action: ['destroy'], principal: 'authenticated', effect: 'allow', condition: [perm('delete'), perm('view')] },
  ];
}

const LIST_ONLY = [{ action: ['list'], principal: 'authenticated', effect: 'allow' }];
const POLICIES: Record<string, Json[]> = {
  'repositories/file/file': objectPolicy('filerepository', [
    { condition: 'has_remote_param_model_or_domain_or_obj_perms:file.view_fileremote' },
  ]),
  'remotes/file/file': objectPolicy('fileremote'),
  'distributions/file/file': objectPolicy('filedistribution'),
  'content/file/files': [
    { action: ['list', 'retrieve'], principal: 'authenticated', effect: 'allow' },
    {
      action: ['create'],
      principal: 'authenticated',
      effect: 'allow',
      condition: [
        'has_required_repo_perms_on_upload:file.modify_filerepository',
        'has_required_repo_perms_on_upload:file.view_filerepository',
        'has_upload_param_model_or_domain_or_obj_perms:core.change_upload',
      ],
    },
  ],
  content: LIST_ONLY,
  repository_versions: LIST_ONLY,
  repositories: LIST_ONLY,
  remotes: LIST_ONLY,
  distributions: LIST_ONLY,
  tasks: [
    { action: ['list'], principal: 'authenticated', effect: 'allow' },
    {
      action: ['retrieve'],
      principal: 'authenticated',
      effect: 'allow',
      condition: 'has_model_or_domain_or_obj_perms:core.view_task',
    },
  ],
};

const VERBS: Record<string, string[]> = {
  filerepository: ['view', 'change', 'delete', 'add', 'modify'],
  fileremote: ['view', 'change', 'delete', 'add'],
  filedistribution: ['view', 'change', 'delete', 'add'],
};

// Two users with object roles see only their own objects, in lists (counts included), reads and writes.
describe('RBAC queryset scoping', () => {
  let site: TestSite;
  let admin: ApiClient;
  const as = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:secret-${user}`).toString('base64')}` });
  const call = (user: string, path: string, init: RequestInit = {}) =>
    admin.call(path, { ...init, headers: { ...as(user), ...init.headers } });
  const send = (user: string, path: string, body: unknown, method: string) =>
    call(user, path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const names = (answer: Answer) => (answer.body.results as Json[]).map((item) => item.name as string).sort();
  const id = (href: string) => href.split('/').at(-2)!;
  const objects: Record<string, Json> = {};

  /** Gives `user` a role of `permissions` on the object (by its href), as the role endpoints will. */
  const grant = async (user: string, permissions: string[], contentType: string, objectId: string) => {
    const role = `test ${randomUUID()}`;
    await site.query(
      `WITH role AS (INSERT INTO core_role (pulp_id, name) VALUES ($1, $2) RETURNING pulp_id),
            perms AS (INSERT INTO core_role_permissions (role_id, permission_id)
                      SELECT role.pulp_id, p.id FROM role, auth_permission p
                       WHERE (p.app_label || '.' || p.codename) = ANY($3::text[]))
       INSERT INTO core_userrole (pulp_id, user_id, role_id, content_type, object_id)
       SELECT $4, u.id, role.pulp_id, $5, $6 FROM role, auth_user u WHERE u.username = $7`,
      [randomUUID(), role, permissions, randomUUID(), contentType, objectId, user],
    );
  };

  beforeAll(async () => {
    ({ site, client: admin } = await adminSite());
    for (const user of ['alice', 'bob']) {
      await site.query('INSERT INTO auth_user (username, password) VALUES ($1, $2)', [
        user,
        await hashPassword(`secret-${user}`),
      ]);
    }
    // Until the catalogue's migrate step stores them: Pulp's permissions and policies of these viewsets.
    for (const [model, verbs] of [...Object.entries(VERBS), ['task', ['view', 'change', 'delete']] as const]) {
      const app = model === 'task' ? 'core' : 'file';
      for (const verb of verbs) {
        await site.query(
          `INSERT INTO auth_permission (app_label, codename, model, name) VALUES ($1, $2, $3, $2)
           ON CONFLICT (app_label, codename) DO NOTHING`,
          [app, `${verb}_${model}`, model],
        );
      }
    }
    for (const [viewset, statements] of Object.entries(POLICIES)) {
      await site.query(
        `INSERT INTO core_accesspolicy (pulp_id, viewset_name, statements, queryset_scoping)
         VALUES ($1, $2, $3, '{"function": "scope_queryset"}') ON CONFLICT (viewset_name) DO NOTHING`,
        [randomUUID(), viewset, JSON.stringify(statements)],
      );
    }
    for (const name of ['alice', 'bob', 'shared']) {
      objects[`repository ${name}`] = (await admin.send(REPOSITORIES, { name: `repo-${name}` })).body;
      objects[`remote ${name}`] = (
        await admin.send(REMOTES, { name: `remote-${name}`, url: 'http://x/PULP_MANIFEST' })
      ).body;
      const created = await admin.accepted(
        await admin.send(DISTRIBUTIONS, { name: `dist-${name}`, base_path: `dist-${name}` }),
      );
      objects[`distribution ${name}`] = (await admin.call(created.created_resources[0] as string)).body;
      const task = await admin.accepted(
        await admin.send(objects[`repository ${name}`].pulp_href as string, { description: name }, 'PATCH'),
      );
      objects[`task ${name}`] = task;
    }
    for (const [name, repository] of [
      ['in-alice', objects['repository alice'].pulp_href],
      ['in-bob', objects['repository bob'].pulp_href],
      ['orphan', undefined],
    ]) {
      const fields = { relative_path: `${name}.txt`, ...(repository ? { repository } : {}) };
      const task = await admin.accepted(await admin.sendForm(FILES, name, fields));
      objects[`content ${name}`] = task.result as Json;
    }
    for (const user of ['alice', 'bob']) {
      for (const [kind, model] of [
        ['repository', 'filerepository'],
        ['remote', 'fileremote'],
        ['distribution', 'filedistribution'],
      ]) {
        const perms = ['view', 'change', 'delete'].map((verb) => `file.${verb}_${model}`);
        await grant(user, perms, `file.${model}`, id(objects[`${kind} ${user}`].pulp_href as string));
      }
      await grant(user, ['core.view_task'], 'core.task', id(objects[`task ${user}`].pulp_href as string));
    }
    // alice may only look at the shared repository.
    await grant(
      'alice',
      ['file.view_filerepository'],
      'file.filerepository',
      id(objects['repository shared'].pulp_href),
    );
  });

  afterAll(() => site?.destroy());

  it.each([
    ['alice', REPOSITORIES, ['repo-alice', 'repo-shared']],
    ['bob', REPOSITORIES, ['repo-bob']],
    ['alice', `${API}repositories/`, ['repo-alice', 'repo-shared']],
    ['bob', REMOTES, ['remote-bob']],
    ['alice', `${API}remotes/`, ['remote-alice']],
    ['alice', DISTRIBUTIONS, ['dist-alice']],
    ['bob', `${API}distributions/`, ['dist-bob']],
  ])('%s lists %s: only what they may view, counted right', async (user, path, expected) => {
    const answer = await call(user, `${path}?limit=1`);
    expect(answer.status).toBe(200);
    expect(answer.body.count).toBe(expected.length);
    expect(answer.body.results).toHaveLength(1);
    expect(answer.body.next === null).toBe(expected.length === 1);
    expect(names(await call(user, path))).toEqual(expected);
  });

  it.each([
    ['alice', FILES],
    ['bob', `${API}content/`],
  ])('%s sees content in the repositories they may view only (%s)', async (user, path) => {
    const answer = await call(user, path);
    expect(answer.body.count).toBe(1);
    const own = objects[`content in-${user}`].pulp_href as string;
    expect((answer.body.results as Json[]).map((unit) => unit.pulp_href)).toEqual([own]);
    expect((await call(user, own)).status).toBe(200);
    expect((await call(user, objects['content orphan'].pulp_href as string)).status).toBe(404);
    expect((await admin.call(FILES)).body.count).toBe(3);
  });

  it('shows the versions of the repositories a user may view', async () => {
    const repositories = async (user: string) =>
      ((await call(user, `${API}repository_versions/`)).body.results as Json[])
        .map((version) => (version.pulp_href as string).replace(/versions\/\d+\/$/, ''))
        .sort();
    const own = (...names: string[]) => names.map((name) => objects[`repository ${name}`].pulp_href as string).sort();
    expect(new Set(await repositories('alice'))).toEqual(new Set(own('alice', 'shared')));
    expect(new Set(await repositories('bob'))).toEqual(new Set(own('bob')));
  });

  it('refuses an upload without a repository, or to one the user may not modify', async () => {
    const upload = (fields: Record<string, string>) =>
      admin.sendForm(FILES, 'new', { relative_path: 'new.txt', ...fields }, { headers: as('alice') });
    expect(await upload({})).toEqual({ status: 400, body: ['Destination upload repository was not provided.'] });
    expect(await upload({ repository: objects['repository shared'].pulp_href as string })).toEqual({
      status: 403,
      body: FORBIDDEN,
    });
    expect(await upload({ repository: objects['repository bob'].pulp_href as string })).toEqual({
      status: 403,
      body: FORBIDDEN,
    });
  });

  it('lists everything for the admin, whose pages are not the users’', async () => {
    expect(names(await admin.call(REPOSITORIES))).toEqual(['repo-alice', 'repo-bob', 'repo-shared']);
    expect((await call('bob', REPOSITORIES)).body.count).toBe(1);
    expect((await admin.call(`${API}repositories/`)).body.count).toBe(3);
  });

  it('shows each user only their tasks', async () => {
    const hrefs = async (user: string) =>
      ((await call(user, `${API}tasks/`)).body.results as Json[]).map((task) => task.pulp_href as string);
    expect(await hrefs('alice')).toEqual([objects['task alice'].pulp_href]);
    expect(await hrefs('bob')).toEqual([objects['task bob'].pulp_href]);
    expect((await call('alice', objects['task alice'].pulp_href as string)).status).toBe(200);
    expect(await call('alice', objects['task bob'].pulp_href as string)).toEqual({
      status: 404,
      body: { detail: 'Not found.' },
    });
  });

  it.each(['repository', 'remote', 'distribution'])(
    'hides another user’s %s: 404 to read and to write',
    async (kind) => {
      const href = objects[`${kind} bob`].pulp_href as string;
      expect(await call('alice', href)).toEqual({ status: 404, body: { detail: 'Not found.' } });
      expect((await send('alice', href, { name: 'taken' }, 'PATCH')).status).toBe(404);
      expect((await call('alice', href, { method: 'DELETE' })).status).toBe(404);
      expect((await call('bob', href)).status).toBe(200);
    },
  );

  it('refuses a write to a visible object without the change permission with 403, and writes nothing', async () => {
    const href = objects['repository shared'].pulp_href as string;
    expect((await call('alice', href)).status).toBe(200);
    const before = await site.count('core_task');
    expect(await send('alice', href, { description: 'mine' }, 'PATCH')).toEqual({ status: 403, body: FORBIDDEN });
    expect(await call('alice', href, { method: 'DELETE' })).toEqual({ status: 403, body: FORBIDDEN });
    expect(await site.count('core_task')).toBe(before);
  });

  it('lets the owner write, and refuses a create without the model permission', async () => {
    const href = objects['remote alice'].pulp_href as string;
    const task = await admin.accepted(await send('alice', href, { url: 'http://y/PULP_MANIFEST' }, 'PATCH'));
    expect(task.state).toBe('completed');
    expect(await send('alice', REMOTES, { name: 'new', url: 'http://x/' }, 'POST')).toEqual({
      status: 403,
      body: FORBIDDEN,
    });
  });

  it('checks the remote a repository write names', async () => {
    const href = objects['repository alice'].pulp_href as string;
    const bobs = objects['remote bob'].pulp_href as string;
    expect(await send('alice', href, { remote: bobs }, 'PATCH')).toEqual({ status: 403, body: FORBIDDEN });
  });

  it('answers 401 without credentials', async () => {
    const api = site.processes.find((process) => process.baseUrl !== undefined)!;
    const response = await fetch(`${api.baseUrl}${REPOSITORIES}`);
    expect(response.status).toBe(401);
  });

  it('follows role changes in cached pages at once', async () => {
    await admin.call(REPOSITORIES);
    expect((await call('bob', REPOSITORIES)).body.count).toBe(1);
    await grant('bob', ['file.view_filerepository'], 'file.filerepository', id(objects['repository shared'].pulp_href));
    const count = () => call('bob', REPOSITORIES).then((answer) => answer.body.count as number);
    expect(await pollUntil(count, (value) => value === 2)).toBe(2);
    // A model-wide view sees every repository.
    await site.query(
      `INSERT INTO core_userrole (pulp_id, user_id, role_id)
       SELECT $1, u.id, r.role_id FROM auth_user u, core_userrole r
        WHERE u.username = 'bob' AND r.object_id = $2 AND r.user_id = u.id`,
      [randomUUID(), id(objects['repository shared'].pulp_href)],
    );
    expect(await pollUntil(count, (value) => value === 3)).toBe(3);
  });
});
