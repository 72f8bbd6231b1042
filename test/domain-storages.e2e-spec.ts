import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout } from 'node:timers/promises';
import type { Pool } from 'pg';
import { ArtifactStore } from '../libs/core/src/artifacts/artifact-store';
import { sweepUnfinishedWrites } from '../libs/core/src/artifacts/unfinished-writes';
import { insertDomain, updateDomain } from '../libs/core/src/domains/domain-rows';
import { DomainStorageMigration, type MigrationTarget } from '../libs/core/src/domains/storage-migration';
import { decryptJson } from '../libs/database/src/encryption';
import { databaseOf, inTransaction, sqlOf, type Sql } from '../libs/database/src/sql';
import { uuid7 } from '../libs/database/src/uuid7';
import { inDomain, type DomainRef } from '../libs/domains/src/domain-context';
import { DomainStorages } from '../libs/domains/src/domain-storages';
import { FileSystemStorage } from '../libs/storage/src/filesystem-storage';
import { writeHashedFile } from '../libs/storage/src/hashed-file';
import { S3Storage } from '../libs/storage/src/s3-storage';
import { FILESYSTEM_STORAGE, parseStorageSettings, S3_STORAGE } from '../libs/storage/src/storage-settings';
import type { TaskContext } from '../libs/tasking/src/task-context';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { S3Server } from './support/s3-server';
import { TestSite } from './support/test-site';

const fresh = (name: string) => `${name} ${Math.random()}\n`;

// DomainStorages and the storage migration task on a real database and a real S3 server (s3rver),
// driven in this process: the e2e suites over HTTP (domain-storage-api.e2e-spec.ts) need requests
// scoped to a domain's URL.
describe('per-domain storage', () => {
  let s3: S3Server;
  let site: TestSite;
  let pool: Pool;
  let sql: Sql;
  let global: FileSystemStorage;
  let storages: DomainStorages;
  let store: ArtifactStore;
  let migration: DomainStorageMigration;

  const s3Settings = (location: string) => {
    const { OPTIONS } = s3.storages({ location }).default;
    return parsed(S3_STORAGE, OPTIONS);
  };
  const fsSettings = (location: string) => parsed(FILESYSTEM_STORAGE, { location });
  function parsed(storageClass: string, raw: Record<string, unknown>) {
    const result = parseStorageSettings(storageClass, raw);
    if ('errors' in result) {
      throw new Error(JSON.stringify(result.errors));
    }
    return { storage_class: storageClass, storage_settings: result.settings };
  }
  async function domain(storage: { storage_class: string; storage_settings: Record<string, unknown> }) {
    const ref: DomainRef = { id: uuid7(), name: `d${Math.random().toString(36).slice(2, 10)}` };
    await insertDomain(
      sql,
      ref.id,
      { name: ref.name, ...storage, redirect_to_object_storage: true, hide_guarded_distributions: false },
      site.encryption,
    );
    return ref;
  }
  /** Creates an artifact of `content` in `ref` (the domain in context, as a request's). */
  async function artifact(ref: DomainRef, content: string) {
    const file = await writeHashedFile(Readable.from([Buffer.from(content)]), join(site.dir, 'tmp'), ['sha256']);
    return inDomain(ref, () => store.create(file, uuid7())).then(({ artifact }) => artifact);
  }
  /** Runs the migration as its task does, its progress reports kept in `reports`. */
  function migrate(
    ref: DomainRef,
    target: MigrationTarget,
    reports = new Map<string, { total: number; done: number }>(),
    /** Runs as each report is made: between the migration's steps. */
    reported: (code: string) => Promise<unknown> = () => Promise.resolve(),
  ) {
    const context: Pick<TaskContext, 'sql' | 'transaction' | 'progress'> = {
      sql,
      transaction: (work) => inTransaction(pool, work),
      progress: async ({ code, total }) => {
        const report = { total: total ?? 0, done: 0 };
        reports.set(code, report);
        await reported(code);
        return Promise.resolve({
          increment: (by = 1) => Promise.resolve(void (report.done += by)),
          addToTotal: (by) => Promise.resolve(void (report.total += by)),
        });
      },
    };
    return migration.migrate(context, ref.id, target);
  }
  const storedClass = async (ref: DomainRef) => {
    const [row] = await sql<{ storage_class: string; storage_settings: unknown }>(
      'SELECT storage_class, storage_settings FROM core_domain WHERE pulp_id = $1',
      [ref.id],
    );
    return { storageClass: row.storage_class, settings: decryptJson(row.storage_settings, site.encryption) };
  };

  beforeAll(async () => {
    s3 = await S3Server.start();
    site = await TestSite.create();
    pool = site.pool(8);
    sql = sqlOf(pool);
    global = new FileSystemStorage(join(site.dir, 'media'));
    storages = new DomainStorages(
      sql,
      global,
      { REDIRECT_TO_OBJECT_STORAGE: false, MEDIA_ROOT: join(site.dir, 'media') },
      site.encryption,
    );
    store = new ArtifactStore(databaseOf(pool), storages, ['sha256']);
    migration = new DomainStorageMigration(storages, site.encryption, join(site.dir, 'tmp'));
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
    await s3?.close();
  });

  it("keeps the default domain's files in the global storage, each other domain's in its own, under Pulp's layout", async () => {
    const defaultStore = await storages.of(await storages.defaultDomainId());
    expect(defaultStore.storage).toBe(global);
    expect(defaultStore.redirectToObjectStorage).toBe(false);

    const onDisk = await domain(fsSettings(join(site.dir, 'tenant-disk')));
    const onS3 = await domain(s3Settings('tenant'));
    const content = fresh('shared');
    const [inDefault, onDiskArtifact, onS3Artifact] = await Promise.all([
      store.create(
        await writeHashedFile(Readable.from([Buffer.from(content)]), join(site.dir, 'tmp'), ['sha256']),
        uuid7(),
      ),
      artifact(onDisk, content),
      artifact(onS3, content),
    ]);
    const digest = inDefault.artifact.sha256;
    const tail = `${digest.slice(0, 2)}/${digest.slice(2)}`;
    expect(inDefault.artifact.file).toBe(`artifact/${tail}`);
    expect(onDiskArtifact.file).toBe(`artifact/${onDisk.id}/${tail}`);
    expect(onS3Artifact.file).toBe(`artifact/${onS3.id}/${tail}`);

    expect(readFileSync(join(site.dir, 'media', inDefault.artifact.file), 'utf8')).toBe(content);
    expect(readFileSync(join(site.dir, 'tenant-disk', onDiskArtifact.file), 'utf8')).toBe(content);
    expect(await s3.keys('tenant/')).toEqual([`tenant/${onS3Artifact.file}`]);
    // A blank location (`MEDIA_ROOT: ""`) stores under MEDIA_ROOT, apart from `default`'s files.
    const blank = await domain(fsSettings(''));
    const inBlank = await artifact(blank, content);
    expect(readFileSync(join(site.dir, 'media', inBlank.file), 'utf8')).toBe(content);
    expect(inBlank.file).toBe(`artifact/${blank.id}/${tail}`);
    const s3Store = await storages.of(onS3.id);
    expect(s3Store.storage).toBeInstanceOf(S3Storage);
    expect(s3Store.redirectToObjectStorage).toBe(true);
  });

  it("keeps a domain's storage while its row is unchanged, and builds it anew once it changes", async () => {
    const ref = await domain(fsSettings(join(site.dir, 'before')));
    const first = (await storages.of(ref.id)).storage;
    expect((await storages.of(ref.id)).storage).toBe(first);

    await updateDomain(sql, ref.id, fsSettings(join(site.dir, 'after')), site.encryption);
    const second = (await storages.of(ref.id)).storage;
    expect(second).not.toBe(first);
    expect((second as FileSystemStorage).root).toBe(join(site.dir, 'after'));
    await expect(storages.of(uuid7())).rejects.toThrow('No domain with id');
  });

  it('migrates a domain from the filesystem to S3 while artifacts keep arriving, keeping the old files', async () => {
    const oldRoot = join(site.dir, 'migrating');
    const ref = await domain(fsSettings(oldRoot));
    const before = await Promise.all(Array.from({ length: 30 }, (_, i) => artifact(ref, fresh(`before ${i}`))));
    const target = s3Settings('migrated');
    const reports = new Map<string, { total: number; done: number }>();

    // Artifacts created while the migration runs (as on-demand downloads and uploads are): each
    // must end up in the new storage, whichever storage it was first written to.
    let migrating = true;
    const arriving = (async () => {
      const created = [];
      while (migrating) {
        created.push(await artifact(ref, fresh('during')));
        await setTimeout(5);
      }
      return created;
    })();
    await migrate(ref, target, reports);
    migrating = false;
    const during = await arriving;
    const after = await artifact(ref, fresh('after'));
    expect(during.length).toBeGreaterThan(0);

    expect(await storedClass(ref)).toEqual({ storageClass: S3_STORAGE, settings: target.storage_settings });
    const keys = new Set(await s3.keys('migrated/'));
    for (const row of [...before, ...during, after]) {
      expect(keys).toContain(`migrated/${row.file}`);
    }
    // Pulp leaves the old files: content was served from them until the switch.
    for (const row of before) {
      expect(existsSync(join(oldRoot, row.file))).toBe(true);
    }
    expect(existsSync(join(oldRoot, after.file))).toBe(false);
    expect((await storages.of(ref.id)).storage).toBeInstanceOf(S3Storage);
    const migrated = reports.get('migrate')!;
    expect(migrated.done).toBe(migrated.total);
    expect(migrated.total).toBeGreaterThanOrEqual(before.length);
    expect(reports.get('update')).toEqual({ total: 1, done: 1 });
  });

  it('waits for an artifact write in flight when it starts, and copies that file too', async () => {
    const ref = await domain(fsSettings(join(site.dir, 'in-flight')));
    const file = await writeHashedFile(Readable.from([Buffer.from(fresh('in flight'))]), join(site.dir, 'tmp'), [
      'sha256',
    ]);
    const name = `artifact/${ref.id}/${file.digests.sha256!.slice(0, 2)}/${file.digests.sha256!.slice(2)}`;
    // A writer as ArtifactStore's: the domain's row share-locked, the file stored, its row inserted
    // (stamped before the migration begins) and not yet committed.
    const writer = await pool.connect();
    await writer.query('BEGIN');
    await writer.query('SELECT 1 FROM core_domain WHERE pulp_id = $1 FOR KEY SHARE', [ref.id]);
    await (await storages.of(ref.id)).storage.put(name, file.path);
    await writer.query(
      `INSERT INTO core_artifact (pulp_id, pulp_created, pulp_domain_id, file, size, sha256)
       VALUES ($1, clock_timestamp(), $2, $3, $4, $5)`,
      [uuid7(), ref.id, name, file.size, file.digests.sha256],
    );
    const reports = new Map<string, { total: number; done: number }>();
    const migrating = migrate(ref, s3Settings('in-flight'), reports);
    await setTimeout(500);
    expect(reports.size).toBe(0);
    await writer.query('COMMIT');
    writer.release();
    await migrating;
    expect(await s3.keys('in-flight/')).toEqual([`in-flight/${name}`]);
  });

  it('copies the chunks of uploads under way, and drops the copies of those gone before the switch', async () => {
    const ref = await domain(fsSettings(join(site.dir, 'uploading')));
    const old = (await storages.of(ref.id)).storage;
    const upload = async (name: string) => {
      const id = uuid7();
      const file = `upload/${id}/0-${name}`;
      const local = await writeHashedFile(Readable.from([Buffer.from(fresh(name))]), join(site.dir, 'tmp'), []);
      await old.put(file, local.path);
      await sql('INSERT INTO core_upload (pulp_id, pulp_domain_id, size) VALUES ($1, $2, $3)', [
        id,
        ref.id,
        local.size,
      ]);
      await sql('INSERT INTO core_uploadchunk (pulp_id, upload_id, "offset", size, file) VALUES ($1, $2, 0, $3, $4)', [
        uuid7(),
        id,
        local.size,
        file,
      ]);
      return { id, file };
    };
    const [kept, deleted] = [await upload('kept'), await upload('deleted')];
    // Deleted once the chunks were copied ahead of the switch (its deletion reaches the old storage only).
    await migrate(ref, s3Settings('uploading'), undefined, (code) =>
      code === 'update' ? sql('DELETE FROM core_upload WHERE pulp_id = $1', [deleted.id]) : Promise.resolve(),
    );
    expect(await s3.keys('uploading/upload/')).toEqual([`uploading/${kept.file}`]);
  });

  it('skips files the new storage has already (a resumed migration)', async () => {
    const ref = await domain(fsSettings(join(site.dir, 'resumed')));
    const [copied, kept] = await Promise.all([artifact(ref, fresh('one')), artifact(ref, fresh('two'))]);
    // Left by a migration that died: same size, so taken as the same content-addressed file.
    const marker = 'x'.repeat(Number(kept.size));
    await s3.put(`resumed/${kept.file}`, marker);

    await migrate(ref, s3Settings('resumed'));
    const bytes = async (key: string) => {
      const { OPTIONS } = s3.storages({ location: 'resumed' }).default;
      const storage = new S3Storage(parsed(S3_STORAGE, OPTIONS).storage_settings);
      return (await storage.open(key)).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString());
    };
    expect(await bytes(kept.file)).toBe(marker);
    expect(await bytes(copied.file)).toContain('one');
  });

  it("fails with Pulp's message on a missing file, and leaves the domain on its storage", async () => {
    const root = join(site.dir, 'broken');
    const ref = await domain(fsSettings(root));
    const lost = await artifact(ref, fresh('lost'));
    await new FileSystemStorage(root).delete(lost.file);

    await expect(migrate(ref, s3Settings('broken'))).rejects.toThrow(
      `Found missing file for artifact(sha256=${lost.sha256}). Please run the repair task or delete the offending artifact.`,
    );
    expect((await storedClass(ref)).storageClass).toBe(FILESYSTEM_STORAGE);
  });

  it('sweeps the files noted by tasks that no longer run, except those a row names or a running task writes', async () => {
    const queue = new TaskQueue(pool, site.encryption);
    const killed = (await queue.dispatch('pulpcore.app.tasks.test.killed')).id;
    const waiting = (await queue.dispatch('pulpcore.app.tasks.test.waiting')).id;
    await sql("UPDATE core_task SET state = 'canceled' WHERE pulp_id = $1", [killed]);
    const defaultId = await storages.defaultDomainId();
    const file = (name: string) => join(site.dir, 'media', 'artifact', name.slice(0, 2), name.slice(2));
    const leftover = (name: string) => {
      mkdirSync(dirname(file(name)), { recursive: true });
      writeFileSync(file(name), name);
      return name;
    };
    const orphan = leftover('a1'.repeat(32));
    const rewritten = leftover('b2'.repeat(32));
    const recorded = (
      await store.create(
        await writeHashedFile(Readable.from([Buffer.from(fresh('recorded'))]), join(site.dir, 'tmp'), ['sha256']),
        uuid7(),
      )
    ).artifact.sha256;
    const note = (task: string, sha256: string) =>
      sql('INSERT INTO core_artifactwrite (task_id, domain_id, sha256, file) VALUES ($1, $2, $3, $4)', [
        task,
        defaultId,
        sha256,
        `artifact/${sha256.slice(0, 2)}/${sha256.slice(2)}`,
      ]);
    for (const sha256 of [orphan, rewritten, recorded]) {
      await note(killed, sha256);
    }
    await note(waiting, rewritten);

    expect(await sweepUnfinishedWrites(databaseOf(pool), storages)).toBe(1);
    expect([orphan, rewritten, recorded].map((sha256) => existsSync(file(sha256)))).toEqual([false, true, true]);
    expect(await sql('SELECT task_id, sha256 FROM core_artifactwrite')).toEqual([
      { task_id: waiting, sha256: rewritten },
    ]);
    await sql('DELETE FROM core_task WHERE pulp_id = ANY($1::uuid[])', [[killed, waiting]]);
    await sql('DELETE FROM core_artifactwrite');
  });
});
