import type { Sql } from '@pulp/database/sql';
import { selectionQuery, type ContentSelection } from './content-selection';
import { contentInVersion, inVersion } from './membership';

/** Changed membership rows after which one change refreshes the table's planner statistics. */
const REFRESH_STATISTICS_AFTER = 10_000;

/** A repository version by identity: its row and its number in its repository. */
export interface VersionRef {
  id: string;
  repositoryId: string;
  number: number;
}

/** A version by its place: its repository and its number there. */
export type VersionPlace = Pick<VersionRef, 'repositoryId' | 'number'>;

/**
 * A version being built. Its number is above every complete version's, so its membership rows
 * (rows added at its number, rows closed at its number) change nothing any complete version shows.
 * The content of the new version is the rows still open (removed_number NULL).
 *
 * Adding and removing keep the rows equal to the net change: removing what this version added drops
 * the row, adding back what it removed reopens the old row. So "added in N" and "removed in N" are
 * exact, and a version whose changes cancel out is recognised as no change.
 */
export class NewVersion implements VersionRef {
  constructor(
    private readonly sql: Sql,
    readonly id: string,
    readonly repositoryId: string,
    readonly number: number,
  ) {}

  /** Adds the selected content (what is present already stays as it is). */
  async add(selection: ContentSelection): Promise<void> {
    await this.change(selection, (repository, number) => ({
      statements: `reopened AS (
           UPDATE core_repositorycontent rc SET removed_number = NULL FROM selected
            WHERE rc.repository_id = ${repository} AND rc.removed_number = ${number} AND rc.content_id = selected.id
           RETURNING rc.content_id),
         inserted AS (
           INSERT INTO core_repositorycontent (repository_id, content_id, added_number)
           SELECT ${repository}, selected.id, ${number} FROM selected
            WHERE NOT EXISTS (SELECT 1 FROM reopened WHERE reopened.content_id = selected.id)
              AND NOT EXISTS (SELECT 1 FROM core_repositorycontent rc
                               WHERE rc.repository_id = ${repository} AND rc.content_id = selected.id
                                 AND rc.removed_number IS NULL)
           RETURNING 1)`,
      changed: ['reopened', 'inserted'],
    }));
  }

  /** Removes the selected content (what is absent is ignored). */
  async remove(selection: ContentSelection): Promise<void> {
    await this.change(selection, (repository, number) => ({
      statements: `dropped AS (
           DELETE FROM core_repositorycontent rc USING selected
            WHERE rc.repository_id = ${repository} AND rc.added_number = ${number} AND rc.content_id = selected.id
           RETURNING 1),
         closed AS (
           UPDATE core_repositorycontent rc SET removed_number = ${number} FROM selected
            WHERE rc.repository_id = ${repository} AND rc.removed_number IS NULL AND rc.added_number < ${number}
              AND rc.content_id = selected.id
           RETURNING 1)`,
      changed: ['dropped', 'closed'],
    }));
  }

  /** Removes everything: the version starts empty. */
  async removeAll(): Promise<void> {
    await this.remove({
      text: 'SELECT content_id FROM core_repositorycontent WHERE repository_id = $1 AND removed_number IS NULL',
      params: [this.repositoryId],
    });
  }

  /** Makes the content equal to that of version `number` of `repositoryId` (this repository or another). */
  async resetTo({ repositoryId, number }: VersionPlace): Promise<void> {
    await this.remove({
      text: `SELECT rc.content_id FROM core_repositorycontent rc
              WHERE rc.repository_id = $1 AND rc.removed_number IS NULL
                AND NOT EXISTS (SELECT 1 FROM core_repositorycontent b
                                 WHERE b.repository_id = $2 AND b.content_id = rc.content_id AND ${inVersion('b', '$3')})`,
      params: [this.repositoryId, repositoryId, number],
    });
    await this.add({ text: contentInVersion('$1', '$2'), params: [repositoryId, number] });
  }

  /**
   * Runs one statement over the selection: `statements` continue a WITH whose `selected` holds the
   * selected ids (column `id`, each once), given the placeholders of the repository and this
   * version's number; `changed` names those whose rows count as changes.
   *
   * After a large change the membership table's statistics are refreshed: planned with stale ones
   * (a new repository "has 3 rows"), the next join over 100,000 rows becomes a nested loop that
   * scans one side per row of the other, minutes instead of a second.
   */
  private async change(
    selection: ContentSelection,
    statement: (repository: string, number: string) => { statements: string; changed: string[] },
  ): Promise<void> {
    const { text, params } = selectionQuery(selection);
    const { statements, changed } = statement(`$${params.length + 1}`, `$${params.length + 2}`);
    const [{ count }] = await this.sql<{ count: number }>(
      `WITH selected AS (SELECT DISTINCT s.id FROM (${text}) AS s (id)),
       ${statements}
       SELECT (${changed.map((name) => `(SELECT count(*) FROM ${name})`).join(' + ')})::int AS count`,
      [...params, this.repositoryId, this.number],
    );
    if (count >= REFRESH_STATISTICS_AFTER) {
      await this.sql('ANALYZE core_repositorycontent');
    }
  }
}
