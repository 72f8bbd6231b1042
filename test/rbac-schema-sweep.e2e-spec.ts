import { adminSite, type ApiClient, type Json } from './support/api-client';
import { completed, uploadedFile } from './support/distribute';
import { FileFixtures } from './support/file-fixtures';
import { createUser, DENIED, grant, NOT_FOUND_DETAIL, UNAUTHENTICATED, type User } from './support/rbac';
import type { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';
const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';

/** Operations anyone may use, anonymous callers included, and why. */
const PUBLIC: Record<string, string> = {
  livez_read: 'a load balancer probes liveness without credentials',
  status_read: 'Pulp answers status/ to anonymous callers',
  'docs_api.json_get': 'the schema is public: clients build their bindings from it',
  'docs_api.yaml_get': 'the same schema, as YAML',
};

/**
 * Operations Pulp's default policies open to every authenticated user whatever their roles, and
 * why. A user with no roles gets 200 from the safe ones; the unsafe ones act on the caller's own
 * session or tasks (a purge dispatches a task), so the sweep only proves that they refuse anonymous.
 */
const ANY_USER: Record<string, string> = {
  login_read: 'LoginViewSet ("*" for authenticated): who the caller is',
  login: 'LoginViewSet: the caller starts their own session',
  logout: 'LoginViewSet: the caller ends their own session',
  tasks_purge: 'TaskViewSet: purge is open to authenticated users and deletes only their own tasks',
};

/**
 * Lists Pulp's default policies give every authenticated user (statement `list`, principal
 * "authenticated", no condition) under `queryset_scoping`: a user with no roles sees none of what
 * the admin made, so 200 with no results (but see UNSCOPED_IN_MASTER_LISTS) and a count that agrees.
 * Every other list is refused (403, or 404 under an object the caller cannot see).
 */
const SCOPED_LISTS = new Set([
  'tasks_list',
  'task_groups_list',
  'task_schedules_list',
  'uploads_list',
  'domains_list',
  'groups_list',
  'upstream_pulps_list',
  'repositories_list',
  'repository_versions_list',
  'remotes_list',
  'publications_list',
  'distributions_list',
  'contentguards_list',
  'content_list',
  'repositories_core_openpgp_keyring_list',
  'contentguards_core_rbac_list',
  'contentguards_core_content_redirect_list',
  'contentguards_core_header_list',
  'contentguards_core_composite_list',
  'content_file_files_list',
  'repositories_file_file_list',
  'remotes_file_file_list',
  'publications_file_file_list',
  'distributions_file_file_list',
  'acs_file_file_list',
]);

/**
 * Types whose viewsets have no policy of their own (admin only) and so no queryset scoping: Pulp's
 * master lists (`distributions/`) gather each type's unscoped queryset, so these show there to any
 * authenticated user, though reading them is refused. A role-less user's scoped list may hold them
 * and nothing else.
 */
const UNSCOPED_IN_MASTER_LISTS = [`${API}distributions/core/artifacts/`, `${API}distributions/core/openpgp/`];

/** Rows every refused request must leave alone; heartbeats of the running processes excepted. */
const UNWATCHED_TABLES = new Set(['core_appstatus']);

/** One operation of the served schema. */
interface Operation {
  operationId: string;
  method: string;
  /** The path as the schema gives it, `{…_href}` placeholders included. */
  template: string;
  /** The request body's first content type, and its required fields. */
  contentType?: string;
  required: string[];
}

/** An operation made concrete: its URL (placeholders filled) and a minimal valid body. */
interface Probe extends Operation {
  url: string;
  body?: Json;
}

/** What came back. */
interface Answer {
  status: number;
  body: unknown;
}

function operationsOf(schema: Json): Operation[] {
  return Object.entries(schema.paths as Record<string, Json>).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]: [string, Json]) => {
        const content = operation.requestBody?.content as Record<string, Json> | undefined;
        const contentType = content ? Object.keys(content)[0] : undefined;
        const ref = contentType ? (content![contentType].schema?.$ref as string | undefined) : undefined;
        const component = ref ? (schema.components.schemas[ref.split('/').at(-1)!] as Json) : undefined;
        return {
          operationId: operation.operationId as string,
          method: method.toUpperCase(),
          template,
          contentType,
          required: (component?.required as string[] | undefined) ?? [],
        };
      }),
  );
}

describe('every operation of the served schema refuses anonymous callers and users without roles', () => {
  let site: TestSite;
  let admin: ApiClient;
  let fixtures: FileFixtures;
  let nobody: User;
  let operations: Operation[];
  let probes: Probe[];
  let before: Record<string, string>;

  const served = (operationId: string) => operations.some((operation) => operation.operationId === operationId);

  beforeAll(async () => {
    fixtures = await FileFixtures.start({ files: [{ path: 'a.txt', content: 'a' }] });
    ({ site, client: admin } = await adminSite());
    operations = operationsOf((await admin.call(`${API}docs/api.json`)).body as Json);
    const values = await seed();
    nobody = await createUser(admin, 'sweep-nobody');
    probes = [];
    for (const operation of operations) {
      const url = await filled(operation.template);
      probes.push({ ...operation, url, body: await bodyOf(operation, url, values) });
    }
    await settled();
    before = await fingerprint(site);
  }, 120_000);

  afterAll(async () => {
    await site?.destroy();
    await fixtures?.close();
  });

  /**
   * One object of every kind the schema names, made by the admin (through the API where it can
   * make them), so that every placeholder is filled with a real object: a 404 then means "not
   * visible to you", not "no such thing". Returns the values minimal bodies draw on.
   */
  async function seed(): Promise<Record<string, unknown>> {
    const created = async (path: string, body: Json): Promise<string> => {
      const answer = await admin.send(`${API}${path}`, body);
      if (answer.status === 202) {
        const task = await completed(admin, Promise.resolve(answer));
        return task.created_resources[0] as string;
      }
      if (answer.status !== 201) {
        throw new Error(`${path} not created (${answer.status}): ${JSON.stringify(answer.body)}`);
      }
      return answer.body.pulp_href as string;
    };
    const remote = await created('remotes/file/file/', { name: 'sweep-remote', url: fixtures.url });
    const onDemand = await created('remotes/file/file/', {
      name: 'sweep-on-demand',
      url: fixtures.url,
      policy: 'on_demand',
    });
    const repository = await created('repositories/file/file/', { name: 'sweep-repository', remote });
    await completed(admin, admin.send(`${repository}sync/`, {}));
    const publication = await created('publications/file/file/', { repository });
    await created('distributions/file/file/', { name: 'sweep', base_path: 'sweep', publication });
    await created('acs/file/file/', { name: 'sweep-acs', remote: onDemand });
    await created('uploads/', { size: 3 });
    await uploadedFile(admin, 'sweep/b.txt', Buffer.from('b'));
    const artifact = await admin.sendForm(`${API}artifacts/`, 'an artifact of the sweep');
    expect(artifact.status).toBe(201);
    await created('repositories/core/openpgp_keyring/', { name: 'sweep-keyring' });
    await created('distributions/core/openpgp/', { name: 'sweep-keys', base_path: 'sweep-keys' });
    const guard = await created('contentguards/core/header/', {
      name: 'sweep-header',
      header_name: 'x-sweep',
      header_value: 'yes',
    });
    await created('contentguards/core/composite/', { name: 'sweep-composite', guards: [guard] });
    await created('domains/', { name: 'sweep-domain', storage_class: FILESYSTEM, storage_settings: { location: '' } });
    // Kinds no request of the schema makes.
    const [{ id: domain }] = await site.query<{ id: string }>(
      "SELECT pulp_id AS id FROM core_domain WHERE name = 'default'",
    );
    await site.query(
      `INSERT INTO core_taskgroup (pulp_id, description, pulp_domain_id) VALUES (pulp_uuid7(), 'sweep group', $1)`,
      [domain],
    );
    await site.query(
      `INSERT INTO core_signingservice (pulp_id, pulp_domain_id, pulp_type, name, public_key, pubkey_fingerprint, script)
       VALUES (pulp_uuid7(), $1, 'core.AsciiArmoredDetachedSigningService', 'sweep-signer', 'KEY', 'FPR', '/bin/true')`,
      [domain],
    );
    await site.query(
      `INSERT INTO core_distribution (pulp_id, pulp_domain_id, pulp_type, name, base_path)
       VALUES (pulp_uuid7(), $1, 'core.artifact', 'sweep-artifacts', 'sweep-artifacts')`,
      [domain],
    );
    // Users, groups and roles, once served: objects a role-less user must not reach either.
    if (served('contentguards_core_rbac_create')) {
      await created('contentguards/core/rbac/', { name: 'sweep-rbac' });
    }
    if (served('contentguards_core_content_redirect_create')) {
      await created('contentguards/core/content_redirect/', { name: 'sweep-redirect' });
    }
    if (served('roles_create')) {
      await created('roles/', { name: 'sweep-role', permissions: ['file.view_filerepository'] });
    }
    const holder = await createUser(admin, 'sweep-holder');
    await grant(admin, holder.href, 'file.filerepository_viewer', repository);
    if (served('groups_create')) {
      const group = await created('groups/', { name: 'sweep-group' });
      await created(`${group.slice(API.length)}users/`, { username: holder.username });
      await grant(admin, group, 'file.filerepository_viewer', repository);
    }
    return {
      name: 'sweep-new',
      base_path: 'sweep-new',
      url: fixtures.url,
      header_name: 'x-new',
      header_value: 'new',
      key: 'sweep',
      value: 'yes',
      size: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      relative_path: 'sweep/new.txt',
      remote: onDemand,
      repository,
      repo_hrefs: [repository],
      username: holder.username,
      role: 'file.filerepository_viewer',
      permissions: ['file.view_filerepository'],
      content_object: null,
      users: [holder.username],
      add_content_units: [],
      state: 'canceled',
      orphan_protection_time: 0,
      api_root: 'pulp/',
      base_url: fixtures.url,
      path: '/tmp/sweep',
      repositories: [repository],
      storage_class: FILESYSTEM,
      storage_settings: { location: '' },
    };
  }

  /** The hrefs of objects of `placeholder`'s kind (the list its read or delete operation belongs to). */
  async function objectsOf(placeholder: string): Promise<string[]> {
    const own = ['GET', 'DELETE']
      .map((method) => operations.find((op) => op.template === `{${placeholder}}` && op.method === method))
      .find(Boolean);
    const list = own && operations.find((op) => op.operationId === own.operationId.replace(/_(read|delete)$/, '_list'));
    if (!list) {
      throw new Error(`no list operation holds the objects of {${placeholder}}: teach the sweep where they are`);
    }
    const parent = /^\{(\w+)\}/.exec(list.template)?.[1];
    const lists = parent
      ? (await objectsOf(parent)).map((href) => list.template.replace(`{${parent}}`, href))
      : [list.template];
    for (const path of lists) {
      const { body } = await admin.call(`${path}?limit=100`);
      // A group's members are listed under their users' hrefs; each is a member at <list>/<user id>/.
      const hrefs = ((body?.results ?? []) as Json[]).map((item) =>
        (item.pulp_href as string).startsWith(path)
          ? (item.pulp_href as string)
          : `${path}${item.pulp_href.split('/').at(-2)}/`,
      );
      if (hrefs.length > 0) {
        return hrefs;
      }
    }
    throw new Error(`no object of {${placeholder}} to sweep with: seed one in this suite`);
  }

  async function filled(template: string): Promise<string> {
    const placeholder = /^\{(\w+)\}/.exec(template)?.[1];
    if (!placeholder) {
      return template;
    }
    // Not the role-less user's own account: theirs is the one object they may be shown.
    const [href] = (await objectsOf(placeholder)).filter((candidate) => candidate !== nobody?.href);
    return template.replace(`{${placeholder}}`, href);
  }

  /**
   * A minimal valid body: the required fields (the object's own values when it exists, so that an
   * update changes nothing it need not), plus what makes the operation act at all.
   */
  async function bodyOf(operation: Operation, url: string, values: Record<string, unknown>): Promise<Json | undefined> {
    if (!operation.contentType) {
      return undefined;
    }
    const object =
      operation.method === 'PUT' || operation.method === 'PATCH' ? ((await admin.call(url)).body as Json) : {};
    const body: Json = {};
    for (const field of operation.required.filter((name) => name !== 'file')) {
      body[field] = object[field] ?? valueOf(operation, field, values);
    }
    for (const [pattern, fields] of ACTING_FIELDS) {
      for (const field of pattern.test(operation.operationId) ? fields : []) {
        body[field] = valueOf(operation, field, values);
      }
    }
    return body;
  }

  /** Waits until the admin's tasks are final: nothing may move while the fingerprints are taken. */
  async function settled(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      const [{ n }] = await site.query<{ n: string }>(
        "SELECT count(*) AS n FROM core_task WHERE state NOT IN ('completed', 'failed', 'canceled', 'skipped')",
      );
      if (n === '0') {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the seeding tasks never finished');
  }

  async function send(probe: Probe, credentials: Record<string, string>): Promise<Answer> {
    let body: FormData | string | undefined;
    const headers: Record<string, string> = { ...credentials };
    if (probe.contentType === 'multipart/form-data') {
      const form = new FormData();
      form.append('file', new Blob(['abc']), 'sweep.bin');
      for (const [name, value] of Object.entries(probe.body ?? {})) {
        form.append(name, String(value));
      }
      body = form;
      headers['content-range'] = 'bytes 0-2/3';
    } else if (probe.body) {
      body = JSON.stringify(probe.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${admin.baseUrl}${probe.url}`, { method: probe.method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // YAML and HTML bodies stay text.
    }
    return { status: response.status, body: parsed };
  }

  /** Sends every probe (four at a time) and returns each answer that breaks `expected`. */
  async function sweep(
    credentials: Record<string, string>,
    expected: (probe: Probe, answer: Answer) => boolean,
    chosen: (probe: Probe) => boolean = () => true,
  ): Promise<string[]> {
    const wrong: string[] = [];
    const queue = probes.filter(chosen);
    const worker = async () => {
      for (let probe = queue.shift(); probe; probe = queue.shift()) {
        const answer = await send(probe, credentials);
        if (!expected(probe, answer)) {
          wrong.push(
            `${probe.operationId} ${probe.method} ${probe.url}: ${answer.status} ${JSON.stringify(answer.body)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return wrong.sort();
  }

  it('keeps allow-lists that name served operations only', () => {
    expect([...Object.keys(PUBLIC), ...Object.keys(ANY_USER)].filter((id) => !served(id))).toEqual([]);
  });

  it('serves the public operations to anonymous callers', async () => {
    expect(
      await sweep(
        {},
        (_probe, answer) => answer.status === 200,
        (probe) => Object.hasOwn(PUBLIC, probe.operationId),
      ),
    ).toEqual([]);
  });

  it('answers every other operation 401 with Pulp’s body when no credentials come', async () => {
    expect(
      await sweep(
        {},
        (_probe, answer) => answer.status === 401 && equal(answer.body, UNAUTHENTICATED),
        (probe) => !Object.hasOwn(PUBLIC, probe.operationId),
      ),
    ).toEqual([]);
  });

  it('refuses a user without roles: 403, or 404 for an object they cannot see; scoped lists show them nothing', async () => {
    const wrong = await sweep(
      nobody.credentials,
      (probe, answer) => {
        if (Object.hasOwn(PUBLIC, probe.operationId) || Object.hasOwn(ANY_USER, probe.operationId)) {
          return answer.status === 200;
        }
        if (SCOPED_LISTS.has(probe.operationId)) {
          const results = (answer.body as Json).results as Json[];
          return (
            answer.status === 200 &&
            (answer.body as Json).count === results.length &&
            results.every((item) => UNSCOPED_IN_MASTER_LISTS.some((type) => item.pulp_href.startsWith(type)))
          );
        }
        if (answer.status === 403) {
          return equal(answer.body, DENIED);
        }
        // Only an object can be hidden: a 404 on a collection would be a route that is not there.
        const detail = (answer.body as Json)?.detail as string;
        return (
          answer.status === 404 &&
          probe.template.startsWith('{') &&
          equal(answer.body, { detail }) &&
          NOT_FOUND_DETAIL.test(detail)
        );
      },
      // The unsafe operations open to any user act on their own session or tasks (see ANY_USER).
      (probe) => !(Object.hasOwn(ANY_USER, probe.operationId) && probe.method !== 'GET'),
    );
    expect(wrong).toEqual([]);
  });

  it('changed nothing and dispatched no task', async () => {
    await settled();
    expect(await fingerprint(site)).toEqual(before);
  });
});

/** Fields no schema requires but without which the operation would do nothing, by operationId. */
const ACTING_FIELDS: Array<[RegExp, string[]]> = [
  [/^publications_.*_create$/, ['repository']],
  // Pulp asks a non-admin uploader for the repository the content goes to before any permission.
  [/^content_.*_(create|upload)$/, ['repository']],
  [/_sync$/, ['remote']],
  [/_modify$/, ['add_content_units']],
  [/_cancel$/, ['state']],
  [/_cleanup$/, ['orphan_protection_time']],
  [/_(add|remove)_role$/, ['users']],
  [/_roles_create$/, ['content_object']],
];

function valueOf(operation: Operation, field: string, values: Record<string, unknown>): unknown {
  if (!Object.hasOwn(values, field)) {
    throw new Error(`${operation.operationId}: no value for its field "${field}": add one to the sweep`);
  }
  return values[field];
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Row count and latest pulp_last_updated of every table: what a refused request must leave as it was. */
async function fingerprint(site: TestSite): Promise<Record<string, string>> {
  const tables = await site.query<{ name: string; stamped: boolean }>(
    `SELECT c.table_name AS name, bool_or(c.column_name = 'pulp_last_updated') AS stamped
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      GROUP BY c.table_name`,
  );
  const parts = tables
    .filter(({ name }) => !UNWATCHED_TABLES.has(name))
    .map(
      ({ name, stamped }) =>
        `SELECT '${name}' AS name, count(*) || ' rows' || ${stamped ? `', last change ' || coalesce(max(pulp_last_updated)::text, '-')` : "''"} AS state FROM "${name}"`,
    );
  const rows = await site.query<{ name: string; state: string }>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map(({ name, state }) => [name, state]).sort());
}
