import { performance } from 'node:perf_hooks';
import { createRepository, RepositoryVersions } from '@pulp/core';
import { databaseOf, sqlOf } from '@pulp/database';
import { startEmbeddedCluster, stopEmbeddedCluster } from '../test/support/embedded-cluster';
import { freePort } from '../test/support/free-port';
import { TestSite } from '../test/support/test-site';

const UNITS = 100_000;

/**
 * Repository version figures: seconds to add 100,000 units in a new version (by id list and by
 * query), to remove them all, and to delete (squash) the version that added them, next to the bare
 * floor measured in the same run: one INSERT … SELECT of the same 100,000 membership rows.
 */
export async function versions(): Promise<void> {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const site = await TestSite.create();
  const pool = site.pool(4);
  const sql = sqlOf(pool);
  const engine = new RepositoryVersions(databaseOf(pool));
  try {
    const [{ pulp_id: domainId }] = await sql<{ pulp_id: string }>(
      "SELECT pulp_id FROM core_domain WHERE name = 'default'",
    );
    const ids = (
      await sql<{ pulp_id: string }>(
        `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
         SELECT pulp_uuid7(), $1, 'bench.unit' FROM generate_series(1, $2) RETURNING pulp_id`,
        [domainId, UNITS],
      )
    ).map((row) => row.pulp_id);
    await sql('ANALYZE core_content');
    let repositories = 0;
    const repository = async () =>
      (await createRepository(sql, { domainId, pulpType: 'bench.repo', name: `bench-${++repositories}` })).id;

    const bare = await repository();
    report(
      'bare INSERT … SELECT of 100,000 membership rows (s)',
      await seconds(() =>
        sql(
          `INSERT INTO core_repositorycontent (repository_id, content_id, added_number)
           SELECT $1, pulp_id, 1 FROM core_content WHERE pulp_type = 'bench.unit'`,
          [bare],
        ),
      ),
    );

    const byIds = await repository();
    report(
      'new version adding 100,000 units by id list (s)',
      await seconds(() => engine.build(byIds, (version) => version.add(ids))),
    );
    const byQuery = await repository();
    report(
      'new version adding 100,000 units by query (s)',
      await seconds(() =>
        engine.build(byQuery, (version) =>
          version.add({ text: "SELECT pulp_id FROM core_content WHERE pulp_type = 'bench.unit'", params: [] }),
        ),
      ),
    );
    report(
      'new version removing all 100,000 units (s)',
      await seconds(() => engine.build(byIds, (version) => version.removeAll())),
    );
    report(
      'deleting the version that added them (squash into the next) (s)',
      await seconds(() => engine.delete(byIds, 1)),
    );
  } finally {
    await pool.end();
    await site.destroy();
    await stopEmbeddedCluster(cluster);
  }
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

function report(label: string, value: number): void {
  process.stdout.write(`${label.padEnd(72)} ${value.toFixed(3)}\n`);
}
