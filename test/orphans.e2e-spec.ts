import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Pool } from 'pg';
import { createRepository } from '../libs/core/src/repository/create-repository';
import { contentInVersion } from '../libs/core/src/repository/membership';
import { RepositoryVersions } from '../libs/core/src/repository/repository-versions';
import { databaseOf, sqlOf, type Sql } from '../libs/database/src/sql';
import { artifactName } from '../libs/storage/src/artifact-storage';
import { TaskQueue } from '../libs/tasking/src/task-queue';
import { pollUntil } from './support/poll';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const admin = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
const API = '/pulp/api/v3/';

type Json = Record<string, any>;

describe('orphan cleanup and the repository tasks, through the API and a worker', () => {
  let site: TestSite;
  let pool: Pool;
  let sql: Sql;
  let queue: TaskQueue;
  let api: PulpProcess;
  let domainId: string;
  let repositoryCount = 0;

  const media = () => join(site.dir, 'media');
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api.baseUrl}${path}`, {
      ...init,
      headers: { ...admin, 'content-type': 'application/json', ...init.headers },
    });
  const post = (path: string, body: unknown) => call(path, { method: 'POST', body: JSON.stringify(body) });
  const finished = (id: string) =>
    pollUntil(
      async () => (await (await call(`${API}tasks/${id}/`)).json()) as Json,
      (task) => ['completed', 'failed', 'canceled'].includes(task.state),
    );
  /** Runs the dispatch a 202 answer reports, to its end. */
  const taskOf = async (response: Response) => {
    expect(response.status).toBe(202);
    const { task } = (await response.json()) as { task: string };
    return finished(task.split('/').at(-2)!);
  };

  beforeAll(async () => {
    site = await TestSite.create();
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    pool = site.pool(2);
    sql = sqlOf(pool);
    queue = new TaskQueue(pool, site.encryption);
    [api] = await Promise.all([site.start('api'), site.start('worker')]);
    [{ pulp_id: domainId }] = await sql<{ pulp_id: string }>("SELECT pulp_id FROM core_domain WHERE name = 'default'");
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  /** An artifact row with its file in MEDIA_ROOT. */
  const artifact = async (text: string) => {
    const sha256 = createHash('sha256').update(text).digest('hex');
    const file = artifactName(sha256);
    mkdirSync(dirname(join(media(), file)), { recursive: true });
    writeFileSync(join(media(), file), text);
    const [{ pulp_id }] = await sql<{ pulp_id: string }>(
      `INSERT INTO core_artifact (pulp_id, pulp_domain_id, file, size, sha256)
       VALUES (pulp_uuid7(), $1, $2, $3, $4) RETURNING pulp_id`,
      [domainId, file, text.length, sha256],
    );
    return { id: pulp_id, path: join(media(), file) };
  };

  /** A content unit, with a file backed by `artifactId` when given. */
  const content = async (artifactId?: string) => {
    const [{ pulp_id }] = await sql<{ pulp_id: string }>(
      "INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type) VALUES (pulp_uuid7(), $1, 'test.thing') RETURNING pulp_id",
      [domainId],
    );
    if (artifactId) {
      await sql(
        `INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path)
         VALUES (pulp_uuid7(), $1, $2, 'a.txt')`,
        [pulp_id, artifactId],
      );
    }
    return pulp_id;
  };

  const exists = async (table: string, id: string) =>
    (await sql(`SELECT 1 FROM ${table} WHERE pulp_id = $1`, [id])).length === 1;

  const repository = async (units: string[] = []) => {
    const { id } = await createRepository(sql, { domainId, pulpType: 'test.repo', name: `repo-${++repositoryCount}` });
    if (units.length > 0) {
      await new RepositoryVersions(databaseOf(pool)).build(id, (version) => version.add(units));
    }
    return id;
  };

  describe('orphans_cleanup_cleanup', () => {
    it('deletes orphan content and artifacts with their files, and keeps what a repository or publication holds', async () => {
      const [orphanFile, keptFile, looseFile] = [
        await artifact('orphan'),
        await artifact('kept'),
        await artifact('loose'),
      ];
      const orphan = await content(orphanFile.id);
      const kept = await content(keptFile.id);
      const removedLater = await content();
      const repositoryId = await repository([kept, removedLater]);
      await new RepositoryVersions(databaseOf(pool)).build(repositoryId, (version) => version.remove([removedLater]));
      const metadata = await content();
      const [{ pulp_id: versionId }] = await sql<{ pulp_id: string }>(
        'SELECT pulp_id FROM core_repositoryversion WHERE repository_id = $1 AND number = 0',
        [repositoryId],
      );
      const [{ pulp_id: publicationId }] = await sql<{ pulp_id: string }>(
        `INSERT INTO core_publication (pulp_id, pulp_domain_id, pulp_type, repository_version_id, complete)
         VALUES (pulp_uuid7(), $1, 'test.publication', $2, true) RETURNING pulp_id`,
        [domainId, versionId],
      );
      await sql(
        "INSERT INTO core_publishedmetadata (content_id, publication_id, relative_path) VALUES ($1, $2, 'PULP_MANIFEST')",
        [metadata, publicationId],
      );

      const task = await taskOf(await post(`${API}orphans/cleanup/`, { orphan_protection_time: 0 }));

      expect(task.state).toBe('completed');
      expect(task.reserved_resources_record).toEqual([
        `pdrn:${domainId}:orphans`,
        `shared:prn:core.domain:${domainId}`,
      ]);
      expect(task.progress_reports).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'clean-up.content', message: 'Clean up orphan Content', total: 1, done: 1 }),
          expect.objectContaining({
            code: 'clean-up.artifacts',
            message: 'Clean up orphan Artifacts',
            total: 2,
            done: 2,
          }),
        ]),
      );
      expect(await exists('core_content', orphan)).toBe(false);
      expect(await exists('core_artifact', orphanFile.id)).toBe(false);
      expect(await exists('core_artifact', looseFile.id)).toBe(false);
      expect([existsSync(orphanFile.path), existsSync(looseFile.path)]).toEqual([false, false]);
      for (const id of [kept, removedLater, metadata]) {
        expect(await exists('core_content', id)).toBe(true);
      }
      expect(await exists('core_artifact', keptFile.id)).toBe(true);
      expect(existsSync(keptFile.path)).toBe(true);
    });

    it('keeps content a version being written holds, and skips what something else still references', async () => {
      const [inProgress, referenced, free] = [await content(), await content(), await content()];
      const engine = new RepositoryVersions(databaseOf(pool));
      const repositoryId = await repository();
      const unfinished = await engine.start(repositoryId);
      await unfinished.add([inProgress]);
      // A plugin table pointing at content without cascading: the batch fails, row by row skips it.
      await sql('CREATE TABLE test_reference (content_id uuid NOT NULL REFERENCES core_content (pulp_id))');
      await sql('INSERT INTO test_reference VALUES ($1)', [referenced]);

      const task = await taskOf(await post(`${API}orphans/cleanup/`, { orphan_protection_time: 0 }));

      expect(task.state).toBe('completed');
      expect(task.progress_reports).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'clean-up.content', total: 2, done: 1 })]),
      );
      expect(await exists('core_content', free)).toBe(false);
      expect([await exists('core_content', inProgress), await exists('core_content', referenced)]).toEqual([
        true,
        true,
      ]);
      await sql('DROP TABLE test_reference');
      await engine.discard(unfinished);
    });

    it('keeps orphans younger than the protection time (by default ORPHAN_PROTECTION_TIME)', async () => {
      const young = await content();
      expect((await taskOf(await post(`${API}orphans/cleanup/`, {}))).state).toBe('completed');
      expect((await taskOf(await post(`${API}orphans/cleanup/`, { orphan_protection_time: 10 }))).state).toBe(
        'completed',
      );
      expect(await exists('core_content', young)).toBe(true);
      await sql("UPDATE core_content SET timestamp_of_interest = now() - interval '11 minutes' WHERE pulp_id = $1", [
        young,
      ]);
      expect((await taskOf(await post(`${API}orphans/cleanup/`, { orphan_protection_time: 10 }))).state).toBe(
        'completed',
      );
      expect(await exists('core_content', young)).toBe(false);
    });

    it('deletes only the listed content when given content_hrefs (href or PRN)', async () => {
      const [listed, viaPrn, unlisted] = [await content(), await content(), await content()];
      const task = await taskOf(
        await post(`${API}orphans/cleanup/`, {
          content_hrefs: [`${API}content/test/things/${listed}/`, `prn:test.thing:${viaPrn}`],
          orphan_protection_time: 0,
        }),
      );
      expect(task.state).toBe('completed');
      expect([await exists('core_content', listed), await exists('core_content', viaPrn)]).toEqual([false, false]);
      expect(await exists('core_content', unlisted)).toBe(true);
    });

    it.each([
      [{ content_hrefs: [] }, { content_hrefs: ['Must not be [].'] }],
      [{ content_hrefs: 'nope' }, { content_hrefs: ['Expected a list of items but got type "str".'] }],
      [{ content_hrefs: ['nope'] }, { content_hrefs: ['URI not valid: nope'] }],
      [{ content_hrefs: {} }, { content_hrefs: ['Expected a list of items but got type "dict".'] }],
      [
        { content_hrefs: [`${API}content/test/things/0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f/`] },
        {
          content_hrefs: [`URI ${API}content/test/things/0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f/ not found for content.`],
        },
      ],
      [
        { orphan_protection_time: -1 },
        { orphan_protection_time: ['Ensure this value is greater than or equal to 0.'] },
      ],
      [
        { orphan_protection_time: 4294967296 },
        { orphan_protection_time: ['Ensure this value is less than or equal to 4294967295.'] },
      ],
      [{ orphan_protection_time: 'soon' }, { orphan_protection_time: ['A valid integer is required.'] }],
      [{ orphan_protection_time: 1.5 }, { orphan_protection_time: ['A valid integer is required.'] }],
      [{ protection: 1 }, { protection: ['Unexpected field'] }],
    ])('answers 400 to %j', async (body, expected) => {
      const response = await post(`${API}orphans/cleanup/`, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(expected);
    });

    it('accepts form bodies', async () => {
      const unit = await content();
      const response = await call(`${API}orphans/cleanup/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ content_hrefs: `${API}content/test/things/${unit}/`, orphan_protection_time: '0' }),
      });
      expect((await taskOf(response)).state).toBe('completed');
      expect(await exists('core_content', unit)).toBe(false);
    });
  });

  it('orphans_delete (deprecated) dispatches the cleanup with the default protection time', async () => {
    const task = await taskOf(await call(`${API}orphans/`, { method: 'DELETE' }));
    expect(task).toMatchObject({ state: 'completed', name: 'pulpcore.app.tasks.orphan.orphan_cleanup' });
  });

  describe('repository tasks', () => {
    const members = async (repositoryId: string, number: number) =>
      (await sql<{ content_id: string }>(`${contentInVersion('$1', '$2')} ORDER BY 1`, [repositoryId, number])).map(
        (row) => row.content_id,
      );

    it('add_and_remove creates a version and lists it among the created resources', async () => {
      const [a, b, c] = [await content(), await content(), await content()];
      const repositoryId = await repository([a, b]);
      const { id } = await queue.dispatch('pulpcore.app.tasks.repository.add_and_remove', {
        kwargs: { repository_pk: repositoryId, add_content_units: [c], remove_content_units: [a] },
        exclusiveResources: [`prn:test.repo:${repositoryId}`],
      });
      const task = await finished(id);
      expect(task.state).toBe('completed');
      expect(task.created_resources).toEqual([`${API}repositories/test/repo/${repositoryId}/versions/2/`]);
      expect(await members(repositoryId, 2)).toEqual([b, c].sort());

      // "*" removes the latest version's content, here on top of version 1 as base.
      const [{ pulp_id: base }] = await sql<{ pulp_id: string }>(
        'SELECT pulp_id FROM core_repositoryversion WHERE repository_id = $1 AND number = 1',
        [repositoryId],
      );
      const { id: star } = await queue.dispatch('pulpcore.app.tasks.repository.add_and_remove', {
        kwargs: {
          repository_pk: repositoryId,
          add_content_units: [],
          remove_content_units: ['*'],
          base_version_pk: base,
        },
      });
      expect((await finished(star)).state).toBe('completed');
      expect(await members(repositoryId, 3)).toEqual([a]);
    });

    it('add_and_remove that changes nothing creates no version', async () => {
      const unit = await content();
      const repositoryId = await repository([unit]);
      const { id } = await queue.dispatch('pulpcore.app.tasks.repository.add_and_remove', {
        kwargs: { repository_pk: repositoryId, add_content_units: [unit], remove_content_units: [] },
      });
      const task = await finished(id);
      expect(task).toMatchObject({ state: 'completed', created_resources: [] });
    });

    it('delete_version squashes a version away, and fails on the only one', async () => {
      const [a, b] = [await content(), await content()];
      const repositoryId = await repository([a]);
      await new RepositoryVersions(databaseOf(pool)).build(repositoryId, (version) => version.add([b]));
      const versionId = async (number: number) =>
        (
          await sql<{ pulp_id: string }>(
            'SELECT pulp_id FROM core_repositoryversion WHERE repository_id = $1 AND number = $2',
            [repositoryId, number],
          )
        )[0].pulp_id;

      const { id } = await queue.dispatch('pulpcore.app.tasks.repository.delete_version', {
        kwargs: { pk: await versionId(1) },
      });
      expect((await finished(id)).state).toBe('completed');
      expect(await members(repositoryId, 2)).toEqual([a, b].sort());
      const numbers = await sql('SELECT number FROM core_repositoryversion WHERE repository_id = $1 ORDER BY 1', [
        repositoryId,
      ]);
      expect(numbers).toEqual([{ number: 0 }, { number: 2 }]);

      const lonely = await repository();
      const { id: refused } = await queue.dispatch('pulpcore.app.tasks.repository.delete_version', {
        kwargs: {
          pk: (
            await sql<{ pulp_id: string }>('SELECT pulp_id FROM core_repositoryversion WHERE repository_id = $1', [
              lonely,
            ])
          )[0].pulp_id,
        },
      });
      const failed = await finished(refused);
      expect(failed.state).toBe('failed');
      expect(failed.error.description).toBe('Attempt to delete the last remaining version.');
    });
  });
});
