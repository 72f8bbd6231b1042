import type { Pool } from 'pg';
import { databaseOf, sqlOf, type Sql } from '../libs/database/src/sql';
import { createRepository } from '../libs/core/src/repository/create-repository';
import { contentInVersion } from '../libs/core/src/repository/membership';
import { RepositoryVersions } from '../libs/core/src/repository/repository-versions';
import { TestSite } from './support/test-site';

type Summary = Record<'added' | 'removed' | 'present', Record<string, number>>;

describe('the repository version engine', () => {
  let site: TestSite;
  let pool: Pool;
  let sql: Sql;
  let engine: RepositoryVersions;
  let domainId: string;
  let repositoryCount = 0;

  beforeAll(async () => {
    site = await TestSite.create();
    pool = site.pool(4);
    sql = sqlOf(pool);
    engine = new RepositoryVersions(databaseOf(pool));
    [{ pulp_id: domainId }] = await sql<{ pulp_id: string }>("SELECT pulp_id FROM core_domain WHERE name = 'default'");
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  /** `count` new content units of `type` (ids sorted, as membership lists are). */
  const seed = async (count: number, type = 'test.thing'): Promise<string[]> =>
    (
      await sql<{ pulp_id: string }>(
        `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
         SELECT pulp_uuid7(), $1, $2 FROM generate_series(1, $3) RETURNING pulp_id`,
        [domainId, type, count],
      )
    )
      .map((row) => row.pulp_id)
      .sort();

  const newRepository = async (retainRepoVersions: number | null = null) =>
    (
      await createRepository(sql, {
        domainId,
        pulpType: 'test.repo',
        name: `repo-${++repositoryCount}`,
        retainRepoVersions,
      })
    ).id;

  const members = async (repositoryId: string, number: number) =>
    (await sql<{ content_id: string }>(`${contentInVersion('$1', '$2')} ORDER BY 1`, [repositoryId, number])).map(
      (row) => row.content_id,
    );

  const versions = async (repositoryId: string) =>
    sql<{ number: number; complete: boolean; content_summary: Summary }>(
      'SELECT number, complete, content_summary FROM core_repositoryversion WHERE repository_id = $1 ORDER BY number',
      [repositoryId],
    );

  const versionId = async (repositoryId: string, number: number) =>
    (
      await sql<{ pulp_id: string }>(
        'SELECT pulp_id FROM core_repositoryversion WHERE repository_id = $1 AND number = $2',
        [repositoryId, number],
      )
    )[0].pulp_id;

  const numbers = async (repositoryId: string) => (await versions(repositoryId)).map((version) => version.number);

  /** Every complete version's content, by number: what a deletion must leave unchanged for the others. */
  const snapshot = async (repositoryId: string) => {
    const result: Record<number, string[]> = {};
    for (const { number } of await versions(repositoryId)) {
      result[number] = await members(repositoryId, number);
    }
    return result;
  };

  const rowCount = async (repositoryId: string) =>
    (
      await sql<{ rows: number }>('SELECT count(*)::int AS rows FROM core_repositorycontent WHERE repository_id = $1', [
        repositoryId,
      ])
    )[0].rows;

  const sorted = (ids: string[]) => [...ids].sort();

  it('creates a repository with its empty complete version 0', async () => {
    const repositoryId = await newRepository();
    expect(await versions(repositoryId)).toEqual([
      { number: 0, complete: true, content_summary: { added: {}, removed: {}, present: {} } },
    ]);
    const [{ next_version }] = await sql<{ next_version: number }>(
      'SELECT next_version FROM core_repository WHERE pulp_id = $1',
      [repositoryId],
    );
    expect(next_version).toBe(1);
  });

  it('numbers versions and keeps each version’s content through adds and removes', async () => {
    const repositoryId = await newRepository();
    const things = await seed(5);
    const others = await seed(2, 'test.other');

    const first = await engine.build(repositoryId, (version) => version.add([...things.slice(0, 3), ...others]));
    expect(first).toMatchObject({
      number: 1,
      contentSummary: {
        added: { 'test.thing': 3, 'test.other': 2 },
        removed: {},
        present: { 'test.thing': 3, 'test.other': 2 },
      },
    });
    const second = await engine.build(repositoryId, async (version) => {
      await version.remove([things[0], others[0]]);
      await version.add(things.slice(3));
    });
    expect(second?.number).toBe(2);
    expect(second?.contentSummary).toEqual({
      added: { 'test.thing': 2 },
      removed: { 'test.thing': 1, 'test.other': 1 },
      present: { 'test.thing': 4, 'test.other': 1 },
    });

    expect(await members(repositoryId, 0)).toEqual([]);
    expect(await members(repositoryId, 1)).toEqual(sorted([...things.slice(0, 3), ...others]));
    expect(await members(repositoryId, 2)).toEqual(sorted([...things.slice(1), others[1]]));
    expect((await versions(repositoryId)).map((version) => version.content_summary)).toEqual([
      { added: {}, removed: {}, present: {} },
      first?.contentSummary,
      second?.contentSummary,
    ]);

    const third = await engine.build(repositoryId, (version) => version.removeAll());
    expect(third?.contentSummary).toEqual({ added: {}, removed: { 'test.thing': 4, 'test.other': 1 }, present: {} });
    expect(await members(repositoryId, 3)).toEqual([]);
    expect(await members(repositoryId, 2)).toEqual(sorted([...things.slice(1), others[1]]));
  });

  it('selects content by query as well as by ids', async () => {
    const repositoryId = await newRepository();
    const things = await seed(3, 'test.query');
    await engine.build(repositoryId, (version) =>
      version.add({ text: 'SELECT pulp_id FROM core_content WHERE pulp_type = $1', params: ['test.query'] }),
    );
    expect(await members(repositoryId, 1)).toEqual(things);
  });

  it('creates no version for a change that changes nothing, and reuses the number', async () => {
    const repositoryId = await newRepository();
    const things = await seed(3);
    await engine.build(repositoryId, (version) => version.add(things.slice(0, 2)));
    const rowsBefore = await rowCount(repositoryId);

    expect(await engine.build(repositoryId, (version) => version.add(things.slice(0, 2)))).toBeNull();
    expect(await engine.build(repositoryId, (version) => version.remove([things[2]]))).toBeNull();
    expect(
      await engine.build(repositoryId, async (version) => {
        await version.add([things[2]]);
        await version.remove([things[2]]);
      }),
    ).toBeNull();
    expect(
      await engine.build(repositoryId, async (version) => {
        await version.remove([things[0]]);
        await version.add([things[0]]);
      }),
    ).toBeNull();

    expect(await numbers(repositoryId)).toEqual([0, 1]);
    expect(await rowCount(repositoryId)).toBe(rowsBefore);
    expect((await engine.build(repositoryId, (version) => version.add([things[2]])))?.number).toBe(2);
  });

  it('starts from a base version: its content, then the changes', async () => {
    const repositoryId = await newRepository();
    const things = await seed(4);
    await engine.build(repositoryId, (version) => version.add(things.slice(0, 2)));
    await engine.build(repositoryId, async (version) => {
      await version.remove([things[0]]);
      await version.add([things[2]]);
    });
    const base = await versionId(repositoryId, 1);

    const fromBase = await engine.build(repositoryId, (version) => version.add([things[3]]), { baseVersionId: base });
    expect(fromBase?.number).toBe(3);
    expect(await members(repositoryId, 3)).toEqual(sorted([things[0], things[1], things[3]]));
    expect(fromBase?.contentSummary).toEqual({
      added: { 'test.thing': 2 },
      removed: { 'test.thing': 1 },
      present: { 'test.thing': 3 },
    });
    const [{ base_version_id }] = await sql<{ base_version_id: string }>(
      'SELECT base_version_id FROM core_repositoryversion WHERE repository_id = $1 AND number = 3',
      [repositoryId],
    );
    expect(base_version_id).toBe(base);
    expect(await members(repositoryId, 2)).toEqual(sorted([things[1], things[2]]));

    await expect(
      engine.build(repositoryId, () => Promise.resolve(), { baseVersionId: '00000000-0000-0000-0000-000000000000' }),
    ).rejects.toThrow('The base version must be a complete repository version.');
    expect(await numbers(repositoryId)).toEqual([0, 1, 2, 3]);
  });

  it("starts from another repository's version: its content replaces the latest's", async () => {
    const source = await newRepository();
    const target = await newRepository();
    const things = await seed(4);
    await engine.build(source, (version) => version.add(things.slice(0, 2)));
    await engine.build(target, (version) => version.add(things.slice(1, 3)));
    const base = await versionId(source, 1);

    // Version 1 of the target holds things 1 and 2; the new one starts from the source's 0 and 1.
    const fromBase = await engine.build(target, (version) => version.add([things[3]]), { baseVersionId: base });
    expect([fromBase?.number, fromBase?.contentSummary.present]).toEqual([2, { 'test.thing': 3 }]);
    expect(await members(target, 2)).toEqual(sorted([things[0], things[1], things[3]]));
    expect(await members(target, 1)).toEqual(sorted([things[1], things[2]]));
    expect(await members(source, 1)).toEqual(sorted(things.slice(0, 2)));
  });

  it('leaves nothing behind when the validator refuses a version or the work throws', async () => {
    const repositoryId = await newRepository();
    const things = await seed(4);
    await engine.build(repositoryId, (version) => version.add(things.slice(0, 2)));
    const before = { rows: await rowCount(repositoryId), snapshot: await snapshot(repositoryId) };

    const refuse = () => Promise.reject(new Error('Two units share the relative path a.txt.'));
    await expect(
      engine.build(
        repositoryId,
        async (version) => {
          await version.remove([things[0]]);
          await version.add(things.slice(2));
        },
        { validate: refuse },
      ),
    ).rejects.toThrow('Two units share the relative path a.txt.');
    await expect(
      engine.build(repositoryId, async (version) => {
        await version.add(things.slice(2));
        await version.remove([things[1]]);
        throw new Error('download failed');
      }),
    ).rejects.toThrow('download failed');

    expect(await rowCount(repositoryId)).toBe(before.rows);
    expect(await snapshot(repositoryId)).toEqual(before.snapshot);
    expect(await numbers(repositoryId)).toEqual([0, 1]);
  });

  it('discards the incomplete leftover of a killed task before the next version starts', async () => {
    const repositoryId = await newRepository();
    const things = await seed(3);
    await engine.build(repositoryId, (version) => version.add([things[0]]));
    // A task that dies mid-way: a started version with changes, never finalized.
    const crashed = await engine.start(repositoryId);
    await crashed.add(things.slice(1));
    await crashed.remove([things[0]]);
    expect(await members(repositoryId, 1)).toEqual([things[0]]);
    expect(await versions(repositoryId)).toEqual([
      expect.objectContaining({ number: 0, complete: true }),
      expect.objectContaining({ number: 1, complete: true }),
      expect.objectContaining({ number: 2, complete: false }),
    ]);

    const next = await engine.build(repositoryId, (version) => version.add([things[1]]));
    expect(next?.number).toBe(2);
    expect(await members(repositoryId, 2)).toEqual(sorted([things[0], things[1]]));
    expect(await rowCount(repositoryId)).toBe(2);
    expect(await numbers(repositoryId)).toEqual([0, 1, 2]);
  });

  describe('deleting a version', () => {
    /** Versions 1–5 with adds, removes and a unit removed in 3 and added back in 4. */
    const history = async () => {
      const repositoryId = await newRepository();
      const [a, b, c, d, e] = await seed(5);
      const steps: Array<[string[], string[]]> = [
        [[a, b, c], []],
        [[d], [b]],
        [[], [a]],
        [[a, e], [c]],
        [[b], [d]],
      ];
      for (const [add, remove] of steps) {
        await engine.build(repositoryId, async (version) => {
          await version.remove(remove);
          await version.add(add);
        });
      }
      return { repositoryId, units: { a, b, c, d, e } };
    };

    /** What each remaining version's summary must say: its changes against the previous remaining version. */
    const expectSummariesToMatchContent = async (repositoryId: string) => {
      const all = await versions(repositoryId);
      let previous: string[] = [];
      for (const { number, content_summary } of all) {
        const content = await members(repositoryId, number);
        const count = (ids: string[]) => (ids.length > 0 ? { 'test.thing': ids.length } : {});
        expect({ number, summary: content_summary }).toEqual({
          number,
          summary: {
            added: count(content.filter((id) => !previous.includes(id))),
            removed: count(previous.filter((id) => !content.includes(id))),
            present: count(content),
          },
        });
        previous = content;
      }
    };

    it.each([[3], [1], [0], [2, 4], [5]])(
      'deleting %p keeps every other version’s content and summary right',
      async (...doomed: number[]) => {
        const { repositoryId } = await history();
        const before = await snapshot(repositoryId);
        for (const number of doomed) {
          await engine.delete(repositoryId, number);
        }
        const expected = Object.fromEntries(
          Object.entries(before).filter(([number]) => !doomed.includes(Number(number))),
        );
        expect(await snapshot(repositoryId)).toEqual(expected);
        await expectSummariesToMatchContent(repositoryId);
      },
    );

    it('merges a unit removed in the deleted version and added back in the next into one range', async () => {
      const { repositoryId, units } = await history();
      await engine.delete(repositoryId, 3);
      const ranges = await sql<{ added_number: number; removed_number: number | null }>(
        'SELECT added_number, removed_number FROM core_repositorycontent WHERE repository_id = $1 AND content_id = $2',
        [repositoryId, units.a],
      );
      expect(ranges).toEqual([{ added_number: 1, removed_number: null }]);
    });

    it('then builds the next version on the squashed ranges', async () => {
      const { repositoryId, units } = await history();
      await engine.delete(repositoryId, 5);
      await engine.delete(repositoryId, 2);
      const next = await engine.build(repositoryId, (version) => version.remove([units.e]));
      expect(next?.number).toBe(6);
      expect(await members(repositoryId, 6)).toEqual(sorted([units.a, units.d]));
      await expectSummariesToMatchContent(repositoryId);
    });

    it('refuses to delete the only version, or one that does not exist', async () => {
      const repositoryId = await newRepository();
      await expect(engine.delete(repositoryId, 0)).rejects.toThrow('Attempt to delete the last remaining version.');
      await expect(engine.delete(repositoryId, 7)).rejects.toThrow('Repository version 7 does not exist.');
      expect(await numbers(repositoryId)).toEqual([0]);
    });
  });

  it('keeps only the newest retain_repo_versions versions, squashing the older ones away', async () => {
    const repositoryId = await newRepository(2);
    const things = await seed(4);
    for (const thing of things) {
      await engine.build(repositoryId, (version) => version.add([thing]));
    }
    expect(await numbers(repositoryId)).toEqual([3, 4]);
    expect(await members(repositoryId, 3)).toEqual(sorted(things.slice(0, 3)));
    expect(await members(repositoryId, 4)).toEqual(things);
    expect((await versions(repositoryId))[0].content_summary).toEqual({
      added: { 'test.thing': 3 },
      removed: {},
      present: { 'test.thing': 3 },
    });
    expect(await rowCount(repositoryId)).toBe(4);
  });

  it('keeps versions a distribution serves, directly or through a publication, beyond the retention', async () => {
    const repositoryId = await newRepository(1);
    const things = await seed(4);
    const versionId = async (number: number) =>
      (
        await sql<{ pulp_id: string }>(
          'SELECT pulp_id FROM core_repositoryversion WHERE repository_id = $1 AND number = $2',
          [repositoryId, number],
        )
      )[0].pulp_id;
    const distribute = (column: 'repository_version_id' | 'publication_id', id: string) =>
      sql(
        `INSERT INTO core_distribution (pulp_id, pulp_domain_id, pulp_type, name, base_path, ${column})
         VALUES (pulp_uuid7(), $1, 'test.distribution', $2, $2, $3)`,
        [domainId, `${column}-${id}`, id],
      );
    await engine.build(repositoryId, (version) => version.add([things[0]]));
    await engine.build(repositoryId, (version) => version.add([things[1]]));
    expect(await numbers(repositoryId)).toEqual([2]);
    await distribute('repository_version_id', await versionId(2));
    await engine.build(repositoryId, (version) => version.add([things[2]]));
    const [{ pulp_id: publicationId }] = await sql<{ pulp_id: string }>(
      `INSERT INTO core_publication (pulp_id, pulp_domain_id, pulp_type, repository_version_id, complete)
       VALUES (pulp_uuid7(), $1, 'test.publication', $2, true) RETURNING pulp_id`,
      [domainId, await versionId(3)],
    );
    await distribute('publication_id', publicationId);
    await engine.build(repositoryId, (version) => version.add([things[3]]));
    expect(await numbers(repositoryId)).toEqual([2, 3, 4]);
    expect(await members(repositoryId, 2)).toEqual(sorted(things.slice(0, 2)));
    expect(await members(repositoryId, 3)).toEqual(sorted(things.slice(0, 3)));
    expect(await members(repositoryId, 4)).toEqual(things);
  });

  it('adds and then removes 100,000 units in a few set-based statements', async () => {
    const repositoryId = await newRepository();
    await seed(100_000, 'test.bulk');
    const timed = async (work: () => Promise<unknown>) => {
      const started = Date.now();
      const result = await work();
      return { result, seconds: (Date.now() - started) / 1000 };
    };

    const added = await timed(() =>
      engine.build(repositoryId, (next) =>
        next.add({ text: 'SELECT pulp_id FROM core_content WHERE pulp_type = $1', params: ['test.bulk'] }),
      ),
    );
    expect(added.result).toMatchObject({ contentSummary: { present: { 'test.bulk': 100_000 } } });
    expect((await members(repositoryId, 1)).length).toBe(100_000);
    // Stale planner statistics once made this a quadratic nested loop (minutes): see NewVersion.change.
    const removed = await timed(() => engine.build(repositoryId, (next) => next.removeAll()));
    expect(removed.result).toMatchObject({ contentSummary: { removed: { 'test.bulk': 100_000 }, present: {} } });
    expect([added.seconds, removed.seconds].every((seconds) => seconds < 20)).toBe(true);
  });
});
