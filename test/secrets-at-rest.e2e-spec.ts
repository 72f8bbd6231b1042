import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fernet, InvalidTokenError } from '../libs/database/src/encryption';
import { ApiClient, type Json } from './support/api-client';
import { FileFixtures } from './support/file-fixtures';
import { createFileRemote } from './support/file-remotes';
import { freePort } from './support/free-port';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite, type ServerKind } from './support/test-site';

/** The site runs with DOMAIN_ENABLED (below): its resources are in the default domain. */
const API = '/pulp/default/api/v3/';
const REPOSITORIES = `${API}repositories/file/file/`;

/** Values that must never be readable at rest; each is unlike anything else a site stores. */
const SECRETS = {
  password: 'BASIC-PW-7f3a9c',
  proxyPassword: 'PROXY-PW-91c2e4',
  clientKey: '-----BEGIN PRIVATE KEY-----\nCLIENT-KEY-5d8e1b\n-----END PRIVATE KEY-----',
  updatedProxyPassword: 'PROXY-PW-UPDATED-2b77f0',
  storageSecret: 'S3-SECRET-6a1f0d',
  updatedStorageSecret: 'S3-SECRET-UPDATED-c93e27',
};
const NEEDLES = [
  SECRETS.password,
  SECRETS.proxyPassword,
  'CLIENT-KEY-5d8e1b',
  SECRETS.updatedProxyPassword,
  SECRETS.storageSecret,
  SECRETS.updatedStorageSecret,
];

/**
 * Every row of every table of the site's database as text (bytea as hex): what a dump holds.
 * Returns the needles found, as they are or hex- or base64-encoded.
 */
async function readableInDump(site: TestSite, needles: string[]): Promise<string[]> {
  const tables = await site.query<{ name: string }>(
    "SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
  );
  let dump = '';
  for (const { name } of tables) {
    for (const row of await site.query<{ text: string }>(`SELECT t::text AS text FROM ${name} t`)) {
      dump += `${row.text}\n`;
    }
  }
  return needles.filter((needle) =>
    [needle, Buffer.from(needle).toString('hex'), Buffer.from(needle).toString('base64')].some((form) =>
      dump.includes(form),
    ),
  );
}

describe('secrets at rest (DB_ENCRYPTION_KEY)', () => {
  let site: TestSite;
  let api: PulpProcess;
  let client: ApiClient;
  let upstream: FileFixtures;
  let basicRemote: string;
  let proxiedRemote: string;
  let domain: string;

  const restartApi = async () => {
    await api.stop();
    api = await site.start('api');
    client = new ApiClient(api);
  };
  const repository = async () => {
    const { status, body } = await client.send(REPOSITORIES, { name: `repo-${Math.random()}` });
    expect(status).toBe(201);
    return body.pulp_href as string;
  };
  const dispatchSync = async (repo: string, remote: string) => {
    const { status, body } = await client.send(`${repo}sync/`, { remote });
    expect(status).toBe(202);
    return body.task as string;
  };
  /** The domain's `storage_settings` as stored: Pulp's EncryptedJSONField, a token per value. */
  const storageRow = async () =>
    (
      await site.query<{ storage_settings: Record<string, string> }>(
        'SELECT storage_settings FROM core_domain WHERE pulp_id = $1',
        [domain.split('/').at(-2)],
      )
    )[0].storage_settings;
  const remoteRow = async (href: string) =>
    (
      await site.query<Record<string, string | null>>(
        'SELECT password, proxy_password, client_key FROM core_remote WHERE pulp_id = $1',
        [href.split('/').at(-2)],
      )
    )[0];

  beforeAll(async () => {
    // With a domain of its own, which only DOMAIN_ENABLED lets the processes start with.
    site = await TestSite.create({ DOMAIN_ENABLED: true });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    api = await site.start('api');
    client = new ApiClient(api);
    upstream = await FileFixtures.start({
      files: [{ path: 'a.txt', content: 'alpha\n' }],
      auth: { username: 'reader', password: SECRETS.password },
    });
    basicRemote = await createFileRemote(
      client,
      {
        url: upstream.url,
        username: 'reader',
        password: SECRETS.password,
        max_retries: 0,
      },
      API,
    );
    proxiedRemote = await createFileRemote(
      client,
      {
        url: upstream.url,
        proxy_url: 'http://127.0.0.1:1',
        proxy_username: 'proxy-user',
        proxy_password: SECRETS.proxyPassword,
        client_key: SECRETS.clientKey,
        max_retries: 0,
      },
      API,
    );
    const created = await client.send(`${API}domains/`, {
      name: 'tenant',
      storage_class: 'storages.backends.s3.S3Storage',
      storage_settings: { access_key: 'tenant-access', secret_key: SECRETS.storageSecret, bucket_name: 'tenant' },
    });
    expect(created.status).toBe(201);
    domain = created.body.pulp_href as string;
  });

  afterAll(async () => {
    await upstream?.close();
    await site?.destroy();
  });

  it('keeps no secret of a remote or of a task readable anywhere in the database, nor in any answer', async () => {
    const worker = await site.start('worker');
    try {
      const synced = await client.waitForTask(await dispatchSync(await repository(), basicRemote));
      expect(synced.state).toBe('completed');
      expect(upstream.requests.get('a.txt')).toBe(1);
      const proxied = await client.waitForTask(await dispatchSync(await repository(), proxiedRemote));
      expect(proxied.state).toBe('failed');
      const updated = await client.accepted(
        await client.send(proxiedRemote, { proxy_password: SECRETS.updatedProxyPassword }, 'PATCH'),
      );
      expect(updated.state).toBe('completed');
      const storage = { storage_settings: { secret_key: SECRETS.updatedStorageSecret } };
      expect((await client.accepted(await client.send(domain, storage, 'PATCH'))).state).toBe('completed');
    } finally {
      await worker.stop();
    }
    expect(await readableInDump(site, NEEDLES)).toEqual([]);
    expect(site.encryption.decrypt((await storageRow()).secret_key)).toBe(JSON.stringify(SECRETS.updatedStorageSecret));
    // The search finds what is stored readable: the write-only username, the remote's URL.
    expect(await readableInDump(site, ['proxy-user', upstream.url])).toEqual(['proxy-user', upstream.url]);
    const row = await remoteRow(proxiedRemote);
    expect(site.encryption.decrypt(row.proxy_password!)).toBe(SECRETS.updatedProxyPassword);
    expect(site.encryption.decrypt(row.client_key!)).toBe(SECRETS.clientKey);

    // Write-only in the API: never answered, only said to be set.
    const answers = await Promise.all(
      [proxiedRemote, basicRemote, `${API}remotes/`, `${API}remotes/file/file/`, `${API}tasks/`, `${API}domains/`].map(
        (path) => client.call(path),
      ),
    );
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200, 200]);
    const text = JSON.stringify(answers.map(({ body }) => body as Json));
    expect(NEEDLES.filter((needle) => text.includes(needle))).toEqual([]);
    expect(answers[0].body.hidden_fields).toEqual(
      expect.arrayContaining([
        { name: 'proxy_password', is_set: true },
        { name: 'client_key', is_set: true },
      ]),
    );
  });

  it('rotates to a new first key: remotes still authenticate and waiting tasks still run once the old key is gone', async () => {
    const repo = await repository();
    const waitingSync = await dispatchSync(repo, basicRemote);
    const waitingUpdate = (await client.send(proxiedRemote, { proxy_password: SECRETS.proxyPassword }, 'PATCH')).body
      .task as string;
    expect((await client.call(waitingUpdate)).body.state).toBe('waiting');

    const oldKey = readFileSync(site.keyFile, 'utf8').trim();
    const newKey = Fernet.generateKey();
    writeFileSync(site.keyFile, `# new first, the old one until every value is rotated\n${newKey}\n${oldKey}\n`);
    await restartApi();

    const before = await remoteRow(basicRemote);
    const dryRun = await site.manager(['rotate-db-key', '--dry-run']);
    expect(dryRun).toMatchObject({ code: 0 });
    expect(dryRun.output).toContain('(dry run: rolled back)');
    expect(await remoteRow(basicRemote)).toEqual(before);

    const rotation = await site.manager(['rotate-db-key']);
    expect(rotation.code).toBe(0);
    expect(rotation.output).toContain('Updated client_key, password, proxy_password on core_remote: 2 row(s).');
    expect(rotation.output).toMatch(/Updated enc_args, enc_kwargs on core_task: \d+ row\(s\)\./);
    expect(rotation.output).toContain('Updated storage_settings on core_domain: 1 row(s).');
    const after = await remoteRow(basicRemote);
    expect(new Fernet(newKey).decrypt(after.password!).toString()).toBe(SECRETS.password);
    expect(new Fernet(newKey).decrypt((await storageRow()).bucket_name).toString()).toBe('"tenant"');
    expect(() => new Fernet(oldKey).decrypt(after.password!)).toThrow(InvalidTokenError);
    for (const { enc_args, enc_kwargs } of await site.query<{ enc_args: string; enc_kwargs: string }>(
      'SELECT enc_args, enc_kwargs FROM core_task',
    )) {
      expect(() => [enc_args, enc_kwargs].map((token) => new Fernet(newKey).decrypt(token))).not.toThrow();
    }

    writeFileSync(site.keyFile, `${newKey}\n`);
    await restartApi();
    const worker = await site.start('worker');
    try {
      expect((await client.waitForTask(waitingSync)).state).toBe('completed');
      expect((await client.waitForTask(waitingUpdate)).state).toBe('completed');
      // The domain's settings open under the new key alone.
      const tenant = await client.call(domain);
      expect(tenant.status).toBe(200);
      expect(tenant.body.storage_settings.hidden_fields).toContainEqual({ name: 'secret_key', is_set: true });
      expect(new Fernet(newKey).decrypt((await remoteRow(proxiedRemote)).proxy_password!).toString()).toBe(
        SECRETS.proxyPassword,
      );
      // A sync dispatched after the rotation still authenticates upstream.
      const requests = upstream.requests.get('PULP_MANIFEST') ?? 0;
      const again = await client.waitForTask(await dispatchSync(await repository(), basicRemote));
      expect(again.state).toBe('completed');
      expect(upstream.requests.get('PULP_MANIFEST')).toBe(requests + 1);
    } finally {
      await worker.stop();
    }
  });

  it('stops rotate-db-key with one line when a value opens with no key of the file, changing nothing', async () => {
    const before = await remoteRow(basicRemote);
    const keyFile = join(site.dir, 'unrelated.key');
    writeFileSync(keyFile, `${Fernet.generateKey()}\n`);
    const result = await site.manager(['rotate-db-key'], { PULP_DB_ENCRYPTION_KEY: keyFile });
    expect(result.code).toBe(1);
    expect(result.output.trim().split('\n')).toEqual([
      expect.stringContaining(
        `A value in core_remote opens with no key of ${keyFile}: put the key it was encrypted with`,
      ),
    ]);
    expect(await remoteRow(basicRemote)).toEqual(before);
  });

  describe('a missing or unreadable key file', () => {
    const missing = '/nonexistent/database_fields.symmetric.key';
    const line = `The database encryption key file ${missing} (DB_ENCRYPTION_KEY) cannot be read (ENOENT): create it with \`(umask 077; openssl rand -base64 32 > ${missing})\``;

    it.each<ServerKind>(['api', 'content', 'worker'])(
      'stops %s at start-up with one line saying what to do',
      async (kind) => {
        const args = kind === 'worker' ? [] : ['--bind', `127.0.0.1:${await freePort()}`];
        const child = site.spawn(kind, args, { PULP_DB_ENCRYPTION_KEY: missing });
        expect((await child.exited).code).toBe(1);
        expect(child.output.trim().split('\n')).toEqual([expect.stringContaining(line)]);
      },
    );

    it('stops rotate-db-key the same way, and `check` reports it', async () => {
      const rotation = await site.manager(['rotate-db-key'], { PULP_DB_ENCRYPTION_KEY: missing });
      expect(rotation.code).toBe(1);
      expect(rotation.output.trim().split('\n')).toEqual([expect.stringContaining(line)]);
      const check = await site.manager(['check'], { PULP_DB_ENCRYPTION_KEY: site.dir });
      expect(check.output).toContain(
        `The database encryption key file ${site.dir} (DB_ENCRYPTION_KEY) cannot be read (EISDIR)`,
      );
    });
  });
});

describe('migration 1764000024000 on a database of plain secrets', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await TestSite.create();
    // The database as the migration finds it: plain remote secrets, task arguments plain (older rows)
    // or sealed under the retired SECRET_KEY-derived key.
    await site.query("DELETE FROM pulp_migrations WHERE name = 'EncryptSecretFields1764000024000'");
    await site.query(
      'ALTER TABLE core_task ALTER COLUMN enc_args TYPE bytea USING NULL, ALTER COLUMN enc_kwargs TYPE bytea USING NULL',
    );
    await site.query(
      `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, name, url, username, password, proxy_url,
                                proxy_username, proxy_password, client_key)
       SELECT gen_random_uuid(), pulp_id, 'file.file', 'old', 'http://127.0.0.1:1/PULP_MANIFEST', 'u', $1,
              'http://127.0.0.1:2', 'pu', $2, $3 FROM core_domain WHERE name = 'default'`,
      [SECRETS.password, SECRETS.proxyPassword, SECRETS.clientKey],
    );
    await site.query(
      `INSERT INTO core_task (state, name, kwargs, pulp_domain_id)
       SELECT 'waiting', 'pulpcore.app.tasks.test.echo', $1, pulp_id FROM core_domain WHERE name = 'default'`,
      [JSON.stringify({ pw: SECRETS.updatedProxyPassword })],
    );
    await site.query(
      `INSERT INTO core_task (state, name, enc_args, enc_kwargs, pulp_domain_id)
       SELECT 'waiting', 'pulpcore.app.tasks.test.echo', '\\x01aa'::bytea, '\\x01bb'::bytea, pulp_id
         FROM core_domain WHERE name = 'default'`,
    );
  });

  afterAll(() => site?.destroy());

  it('stops, naming the key file, when it has a value to encrypt and no key', async () => {
    const missing = join(site.dir, 'missing.key');
    const result = await site.manager(['migrate'], { PULP_DB_ENCRYPTION_KEY: missing });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`The database encryption key file ${missing} (DB_ENCRYPTION_KEY) cannot be read`);
    expect(result.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(await site.query("SELECT 1 FROM pulp_migrations WHERE name = 'EncryptSecretFields1764000024000'")).toEqual(
      [],
    );
  });

  it('encrypts the plain values in place, keeps plain task arguments runnable, ends tasks it cannot open', async () => {
    const result = await site.manager(['migrate']);
    expect(result.output).toContain('Applied EncryptSecretFields1764000024000');
    expect(await readableInDump(site, NEEDLES)).toEqual([]);
    const [remote] = await site.query<Record<string, string>>(
      "SELECT password, proxy_password, client_key FROM core_remote WHERE name = 'old'",
    );
    expect([remote.password, remote.proxy_password, remote.client_key].map((v) => site.encryption.decrypt(v))).toEqual([
      SECRETS.password,
      SECRETS.proxyPassword,
      SECRETS.clientKey,
    ]);
    const tasks = await site.query<{ state: string; error: Json | null; args: unknown; kwargs: unknown }>(
      'SELECT state, error, args, kwargs FROM core_task ORDER BY pulp_created',
    );
    expect(tasks.map(({ state, args, kwargs }) => [state, args, kwargs])).toEqual([
      ['waiting', [], {}],
      ['failed', [], {}],
    ]);
    expect(tasks[1].error!.description).toMatch(
      /encrypted under a key derived from SECRET_KEY.*dispatch the task again/,
    );

    const worker = await site.start('worker');
    try {
      const ran = await pollUntil(
        () => site.query<{ result: unknown }>("SELECT result FROM core_task WHERE state = 'completed'"),
        (rows) => rows.length > 0,
        60_000,
      );
      expect(ran).toEqual([{ result: { pw: SECRETS.updatedProxyPassword } }]);
    } finally {
      await worker.stop();
    }
  });
});
