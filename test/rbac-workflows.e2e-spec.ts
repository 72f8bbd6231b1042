import { randomUUID } from 'node:crypto';
import { adminSite, type Answer, type ApiClient, type Json } from './support/api-client';
import { completed, distributedFiles } from './support/distribute';
import { FileFixtures } from './support/file-fixtures';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { basicAuth, createUser, DENIED, grant, NOT_FOUND_DETAIL, UNAUTHENTICATED, type User } from './support/rbac';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const NOT_FOUND = { status: 404, body: { detail: expect.stringMatching(NOT_FOUND_DETAIL) } };

/** The permissions of Pulp's locked owner roles (file plugin 3.102). */
const REPOSITORY_OWNER = [
  'file.view_filerepository',
  'file.change_filerepository',
  'file.delete_filerepository',
  'file.modify_filerepository',
  'file.sync_filerepository',
  'file.manage_roles_filerepository',
  'file.repair_filerepository',
];
const REMOTE_OWNER = [
  'file.view_fileremote',
  'file.change_fileremote',
  'file.delete_fileremote',
  'file.manage_roles_fileremote',
];

/** What an ordinary user made for themselves, and the tasks they dispatched. */
interface Owned {
  user: User;
  remote: string;
  repository: string;
  distribution: string;
  tasks: string[];
}

/** The hrefs of a list's results, after checking that `count` agrees with them (one page holds all). */
function hrefsOf(answer: Answer): string[] {
  expect(answer.status).toBe(200);
  const hrefs = (answer.body.results as Json[]).map((item) => item.pulp_href as string);
  expect(answer.body.count).toBe(hrefs.length);
  return hrefs.sort();
}

/** A change that answers either at once (200) or with a task (202), which must complete. */
async function changed(client: ApiClient, answer: Promise<Answer>): Promise<string | undefined> {
  const settled = await answer;
  if (settled.status === 202) {
    return (await completed(client, Promise.resolve(settled))).pulp_href as string;
  }
  expect([settled.status, settled.body]).toEqual([200, expect.anything()]);
  return undefined;
}

describe('access control over HTTP with real users', () => {
  let site: TestSite;
  let admin: ApiClient;
  let content: PulpProcess;
  let fixtures: FileFixtures;
  let alice: Owned;
  let bob: Owned;

  /** A user with the three creator roles (model-wide), who makes a remote, a synced repository and a distribution. */
  async function ordinaryUser(username: string): Promise<Owned> {
    const user = await createUser(admin, username);
    for (const role of ['file.filerepository_creator', 'file.fileremote_creator', 'file.filedistribution_creator']) {
      await grant(admin, user.href, role, null);
    }
    const made = async (path: string, body: Json) => {
      const answer = await user.client.send(`${API}${path}`, body);
      expect([answer.status, answer.body]).toEqual([201, expect.objectContaining({ pulp_href: expect.any(String) })]);
      return answer.body.pulp_href as string;
    };
    const remote = await made('remotes/file/file/', { name: `${username}-remote`, url: fixtures.url });
    const repository = await made('repositories/file/file/', { name: `${username}-repository`, remote });
    const sync = await completed(user.client, user.client.send(`${repository}sync/`, {}));
    const create = await completed(
      user.client,
      user.client.send(`${API}distributions/file/file/`, { name: username, base_path: username, repository }),
    );
    return {
      user,
      remote,
      repository,
      distribution: create.created_resources[0] as string,
      tasks: [sync.pulp_href as string, create.pulp_href as string],
    };
  }

  beforeAll(async () => {
    fixtures = await FileFixtures.start({ files: [{ path: 'a.txt', content: 'a' }] });
    ({ site, client: admin } = await adminSite());
    content = await site.start('content');
    alice = await ordinaryUser('alice');
    bob = await ordinaryUser('bob');
  }, 120_000);

  afterAll(async () => {
    await site?.destroy();
    await fixtures?.close();
  });

  describe('two ordinary users', () => {
    it('each list only their own repositories, remotes, distributions and tasks, with the right count', async () => {
      for (const { user, remote, repository, distribution, tasks } of [alice, bob]) {
        const list = async (path: string) => hrefsOf(await user.client.call(`${API}${path}`));
        expect(await list('repositories/file/file/')).toEqual([repository]);
        expect(await list('repositories/')).toEqual([repository]);
        expect(await list('remotes/file/file/')).toEqual([remote]);
        expect(await list('remotes/')).toEqual([remote]);
        expect(await list('distributions/file/file/')).toEqual([distribution]);
        expect(await list('distributions/')).toEqual([distribution]);
        expect(await list('tasks/')).toEqual([...tasks].sort());
        expect(await list(`repositories/file/file/?limit=1`)).toEqual([repository]);
      }
      // The admin (a superuser) sees both.
      expect(hrefsOf(await admin.call(`${API}repositories/file/file/`))).toEqual(
        [alice.repository, bob.repository].sort(),
      );
    });

    it('read none of the other’s objects: 404 with Pulp’s body', async () => {
      for (const [reader, other] of [
        [alice, bob],
        [bob, alice],
      ]) {
        for (const href of [other.repository, other.remote, other.distribution, ...other.tasks]) {
          expect([href, await reader.user.client.call(href)]).toEqual([href, NOT_FOUND]);
        }
        // The nested list asks for view permission on its repository, found unscoped: Pulp's 403.
        expect(await reader.user.client.call(`${other.repository}versions/`)).toEqual({ status: 403, body: DENIED });
        expect((await reader.user.client.call(`${other.repository}my_permissions/`)).status).toBe(404);
      }
    });

    it('change none of the other’s objects: 404, and the objects stay as they were', async () => {
      const before = await Promise.all([bob.repository, bob.remote, bob.distribution].map((h) => admin.call(h)));
      const attempts: Array<[string, string, unknown?]> = [
        ['PATCH', bob.repository, { description: 'by alice' }],
        ['POST', `${bob.repository}sync/`, {}],
        ['POST', `${bob.repository}modify/`, { add_content_units: [] }],
        ['DELETE', bob.repository],
        ['PATCH', bob.remote, { url: 'http://127.0.0.1:1/PULP_MANIFEST' }],
        ['DELETE', bob.remote],
        ['PATCH', bob.distribution, { base_path: 'stolen' }],
        ['DELETE', bob.distribution],
        ['DELETE', bob.tasks[0]],
        ['PATCH', bob.tasks[0], { state: 'canceled' }],
      ];
      for (const [method, href, body] of attempts) {
        const answer = await alice.user.client.call(href, {
          method,
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
        expect([method, href, answer]).toEqual([method, href, NOT_FOUND]);
      }
      expect(await Promise.all([bob.repository, bob.remote, bob.distribution].map((h) => admin.call(h)))).toEqual(
        before,
      );
      expect((await admin.call(bob.tasks[0])).status).toBe(200);
    });

    it('change their own objects, and delete their own tasks', async () => {
      const own = alice.user.client;
      for (const [href, change] of [
        [alice.repository, { description: 'mine' }],
        [alice.remote, { download_concurrency: 3 }],
        [alice.distribution, { base_path: 'alice-moved' }],
      ] as const) {
        const task = await changed(own, own.send(href, change, 'PATCH'));
        if (task) {
          alice.tasks.push(task);
        }
        expect((await own.call(href)).body).toMatchObject(change);
      }
      const [first, ...rest] = alice.tasks;
      expect((await alice.user.client.call(first, { method: 'DELETE' })).status).toBe(204);
      expect((await admin.call(first)).status).toBe(404);
      alice.tasks = rest;
      expect(hrefsOf(await alice.user.client.call(`${API}tasks/`))).toEqual([...rest].sort());
    });

    it('cannot make a repository that uses a remote they cannot see (403), and nothing is made', async () => {
      const answer = await alice.user.client.send(`${API}repositories/file/file/`, {
        name: 'alice-with-bobs-remote',
        remote: bob.remote,
      });
      expect(answer).toEqual({ status: 403, body: DENIED });
      expect((await admin.call(`${API}repositories/file/file/?name=alice-with-bobs-remote`)).body.count).toBe(0);
    });

    it('cannot create what they hold no creator role for (403)', async () => {
      const answer = await alice.user.client.send(`${API}contentguards/core/header/`, {
        name: 'alice-guard',
        header_name: 'x-a',
        header_value: 'b',
      });
      expect(answer).toEqual({ status: 403, body: DENIED });
    });
  });

  it('a creator becomes the owner of what they create', async () => {
    const mine = await alice.user.client.call(`${alice.repository}my_permissions/`);
    expect(mine.status).toBe(200);
    expect(mine.body.permissions).toEqual(expect.arrayContaining(REPOSITORY_OWNER));
    const remote = await alice.user.client.call(`${alice.remote}my_permissions/`);
    expect(remote.body.permissions).toEqual(expect.arrayContaining(REMOTE_OWNER));
    // Alice alone holds a role on it: Bob's creator roles are model-wide "add" only.
    expect((await admin.call(`${alice.repository}list_roles/`)).body).toEqual({
      roles: [{ role: 'file.filerepository_owner', users: ['alice'], groups: [] }],
    });
    const assignments = (await admin.call(`${alice.user.href}roles/?limit=100`)).body.results as Json[];
    expect(assignments.map((a) => [a.role, a.content_object])).toEqual(
      expect.arrayContaining([
        ['file.filerepository_owner', alice.repository],
        ['file.fileremote_owner', alice.remote],
        ['file.filedistribution_owner', alice.distribution],
        ['file.filerepository_creator', null],
      ]),
    );
    // The dispatcher of a task owns it.
    expect((await alice.user.client.call(`${alice.tasks[0]}my_permissions/`)).body.permissions).toEqual(
      expect.arrayContaining([
        'core.view_task',
        'core.view_task_profile_artifacts',
        'core.change_task',
        'core.delete_task',
        'core.manage_roles_task',
      ]),
    );
  });

  it('a viewer given a role on one repository (add_role) reads it but cannot change it (403)', async () => {
    const carol = await createUser(admin, 'carol');
    expect((await carol.client.call(alice.repository)).status).toBe(404);
    // The owner hands out the role: owners hold manage_roles on what they own.
    const added = await alice.user.client.send(`${alice.repository}add_role/`, {
      role: 'file.filerepository_viewer',
      users: ['carol'],
    });
    expect(added.status).toBe(201);
    const before = (await admin.call(alice.repository)).body;

    expect((await carol.client.call(alice.repository)).status).toBe(200);
    expect(hrefsOf(await carol.client.call(`${API}repositories/file/file/`))).toEqual([alice.repository]);
    expect(hrefsOf(await carol.client.call(`${API}repositories/file/file/?name=bob-repository`))).toEqual([]);
    expect((await carol.client.call(`${alice.repository}versions/`)).status).toBe(200);
    const permissions = (await carol.client.call(`${alice.repository}my_permissions/`)).body.permissions as string[];
    expect(permissions).toContain('file.view_filerepository');
    expect(permissions).not.toContain('file.change_filerepository');
    for (const [method, path, body] of [
      ['PATCH', alice.repository, { description: 'by carol' }],
      ['PUT', alice.repository, { name: 'by-carol' }],
      ['POST', `${alice.repository}modify/`, { add_content_units: [] }],
      ['POST', `${alice.repository}sync/`, {}],
      ['POST', `${alice.repository}set_label/`, { key: 'k', value: 'v' }],
      ['DELETE', alice.repository, undefined],
      ['POST', `${alice.repository}add_role/`, { role: 'file.filerepository_owner', users: ['carol'] }],
    ] as const) {
      const answer = await carol.client.call(path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      expect([method, path, answer]).toEqual([method, path, { status: 403, body: DENIED }]);
    }
    expect((await admin.call(alice.repository)).body).toEqual(before);

    const removed = await alice.user.client.send(`${alice.repository}remove_role/`, {
      role: 'file.filerepository_viewer',
      users: ['carol'],
    });
    expect(removed.status).toBe(201);
    expect((await carol.client.call(alice.repository)).status).toBe(404);
  });

  it('a role given to a group reaches its members, and leaves with them', async () => {
    const dave = await createUser(admin, 'dave');
    const group = await admin.send(`${API}groups/`, { name: 'readers' });
    expect(group.status).toBe(201);
    const groupHref = group.body.pulp_href as string;
    expect((await admin.send(`${groupHref}users/`, { username: 'dave' })).status).toBe(201);
    await grant(admin, groupHref, 'file.filerepository_viewer', bob.repository);

    expect((await dave.client.call(bob.repository)).status).toBe(200);
    expect(hrefsOf(await dave.client.call(`${API}repositories/file/file/`))).toEqual([bob.repository]);
    expect(await dave.client.send(bob.repository, { description: 'by dave' }, 'PATCH')).toEqual({
      status: 403,
      body: DENIED,
    });

    // A member is listed under its user's href; it leaves the group at groups/<id>/users/<user id>/.
    const member = `${groupHref}users/${dave.href.split('/').at(-2)}/`;
    expect((await admin.call(member, { method: 'DELETE' })).status).toBe(204);
    expect((await dave.client.call(bob.repository)).status).toBe(404);
    expect(hrefsOf(await dave.client.call(`${API}repositories/file/file/`))).toEqual([]);
  });

  it('judges an object a body names by its id, whatever collection its href says (no disguised hrefs)', async () => {
    const bobsRepository = bob.repository.split('/').at(-2);
    const before = hrefsOf(await admin.call(`${API}distributions/file/file/`)).length;
    for (const disguised of [`${API}remotes/file/file/${bobsRepository}/`, `${API}tasks/${bobsRepository}/`]) {
      const answer = await alice.user.client.send(`${API}distributions/file/file/`, {
        name: `disguised-${randomUUID()}`,
        base_path: `disguised-${randomUUID()}`,
        repository: disguised,
      });
      expect([disguised, answer.status]).toEqual([disguised, 403]);
    }
    const bobsRemote = bob.remote.split('/').at(-2);
    const synced = await alice.user.client.send(`${alice.repository}sync/`, {
      remote: `${API}repositories/file/file/${bobsRemote}/`,
    });
    expect(synced.status).toBe(403);
    expect(hrefsOf(await admin.call(`${API}distributions/file/file/`))).toHaveLength(before);
  });

  it('purges only the finished tasks the purging user may delete', async () => {
    const bobsTasks = hrefsOf(await bob.user.client.call(`${API}tasks/?state=completed`));
    expect(bobsTasks.length).toBeGreaterThan(0);
    await completed(
      alice.user.client,
      alice.user.client.send(`${API}tasks/purge/`, { finished_before: '2999-01-01', states: ['completed'] }),
    );
    for (const href of bobsTasks) {
      expect([href, (await admin.call(href)).status]).toEqual([href, 200]);
    }
    // Alice's own finished tasks went (the purge's own task is still running when it purges).
    expect(
      hrefsOf(await alice.user.client.call(`${API}tasks/?state=completed`)).filter((href) =>
        alice.tasks.includes(href),
      ),
    ).toEqual([]);
    alice.tasks = [];
  });

  describe('a customized access policy', () => {
    let policy: Json;
    const list = (client: ApiClient) => client.call(`${API}repositories/file/file/`);
    /** The status `client` gets once the API has seen the policy change (a notification away). */
    const settles = async (client: ApiClient, status: number) =>
      (
        await pollUntil(
          () => list(client),
          (answer) => answer.status === status,
        )
      ).status;

    beforeAll(async () => {
      const found = await admin.call(`${API}access_policies/?viewset_name=repositories/file/file`);
      expect(found.body.count).toBe(1);
      policy = found.body.results[0] as Json;
      expect(policy.customized).toBe(false);
    });

    it('takes effect (list denied to authenticated users), and reset/ undoes it', async () => {
      const patched = await admin.send(
        policy.pulp_href as string,
        { statements: [{ action: ['list'], principal: 'authenticated', effect: 'deny' }, ...policy.statements] },
        'PATCH',
      );
      expect(patched.status).toBe(200);
      expect(patched.body.customized).toBe(true);
      expect(await settles(alice.user.client, 403)).toBe(403);
      expect(await list(alice.user.client)).toEqual({ status: 403, body: DENIED });
      // Deny wins over every allow, the admin's included (drf-access-policy, as Pulp evaluates it).
      expect(await list(admin)).toEqual({ status: 403, body: DENIED });

      const reset = await admin.call(`${policy.pulp_href}reset/`, { method: 'POST' });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ customized: false, statements: policy.statements });
      expect(await settles(alice.user.client, 200)).toBe(200);
      expect(hrefsOf(await list(alice.user.client))).toEqual([alice.repository]);
    });

    it('refuses every request when a condition is unknown, a `not` or a deny around it included', async () => {
      const patched = await admin.send(
        policy.pulp_href as string,
        {
          statements: [
            { action: ['list'], principal: 'authenticated', effect: 'deny', condition: 'has_no_such_check:x' },
            ...policy.statements,
          ],
        },
        'PATCH',
      );
      expect(patched.status).toBe(200);
      expect(await settles(alice.user.client, 403)).toBe(403);
      expect((await admin.call(`${policy.pulp_href}reset/`, { method: 'POST' })).status).toBe(200);
      expect(await settles(alice.user.client, 200)).toBe(200);
    });

    it('takes effect (list allowed to anonymous callers, who see nothing), and reset/ undoes it', async () => {
      const anonymous = admin.as({});
      expect(await list(anonymous)).toEqual({ status: 401, body: UNAUTHENTICATED });
      const patched = await admin.send(
        policy.pulp_href as string,
        { statements: [...policy.statements, { action: ['list'], principal: 'anonymous', effect: 'allow' }] },
        'PATCH',
      );
      expect(patched.status).toBe(200);
      expect(await settles(anonymous, 200)).toBe(200);
      expect(hrefsOf(await list(anonymous))).toEqual([]);
      // Only list: a read is still refused.
      expect((await anonymous.call(alice.repository)).status).toBe(401);

      expect((await admin.call(`${policy.pulp_href}reset/`, { method: 'POST' })).status).toBe(200);
      expect(await settles(anonymous, 401)).toBe(401);
    });
  });

  describe('the rbac content guard', () => {
    let file: string;
    const download = async (headers: Record<string, string>) => {
      const response = await fetch(file, { headers });
      return { status: response.status, body: await response.text() };
    };

    beforeAll(async () => {
      const guard = await admin.send(`${API}contentguards/core/rbac/`, { name: 'downloaders' });
      expect(guard.status).toBe(201);
      const guardHref = guard.body.pulp_href as string;
      await distributedFiles(admin, 'guarded', { 'g.txt': Buffer.from('guarded bytes') });
      const { body: page } = await admin.call(`${API}distributions/file/file/?base_path=guarded`);
      await completed(admin, admin.send(page.results[0].pulp_href as string, { content_guard: guardHref }, 'PATCH'));
      const added = await admin.send(`${guardHref}add_role/`, {
        role: 'core.rbaccontentguard_downloader',
        users: ['alice'],
      });
      expect(added.status).toBe(201);
      file = `${content.baseUrl}/pulp/content/guarded/g.txt`;
      // The content app learns of the guard from the database's notification, within moments.
      const guarded = await pollUntil(
        () => download({}),
        (answer) => answer.status === 403,
      );
      expect(guarded.status).toBe(403);
    });

    it('serves a user holding the downloader role (basic auth on the content app)', async () => {
      expect(await download(alice.user.credentials)).toEqual({ status: 200, body: 'guarded bytes' });
    });

    it.each([
      ['an anonymous caller', () => ({})],
      ['a user without the role', () => bob.user.credentials],
      ['a wrong password for the permitted user', () => basicAuth(alice.user.username, 'wrong')],
    ])('refuses %s with 403', async (_who, credentials) => {
      const refused = await download(credentials());
      expect(refused.status).toBe(403);
      expect(refused.body).toMatch(/^403: /);
    });
  });
});
