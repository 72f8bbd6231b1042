import { Injectable } from '@nestjs/common';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { applyRetention } from '../repository/squash';

export const GENERAL_UPDATE_TASK = 'pulpcore.app.tasks.base.ageneral_update';
export const GENERAL_DELETE_TASK = 'pulpcore.app.tasks.base.ageneral_delete';

/** The master tables these tasks write, and the columns an update may set (the API checked the values). */
const MASTERS: Record<string, { table: string; columns: readonly string[] }> = {
  repositories: {
    table: 'core_repository',
    columns: ['name', 'description', 'retain_repo_versions', 'remote_id', 'pulp_labels'],
  },
};

/**
 * Pulp's general update and delete of a typed object, run as tasks holding the object so that they
 * wait for (and never overlap) its syncs and modifications.
 */
@Injectable()
export class GeneralTasks {
  @TaskHandler(GENERAL_UPDATE_TASK)
  async update({ kwargs, transaction }: TaskContext): Promise<null> {
    const { table, columns } = master(kwargs.master);
    const data = Object.entries(kwargs.data as Record<string, unknown>).filter(([column]) => columns.includes(column));
    await transaction(async (sql) => {
      await sql(
        `UPDATE ${table} SET ${data.map(([column], index) => `${column} = $${index + 2}`).join(', ')}, pulp_last_updated = now()
          WHERE pulp_id = $1`,
        [kwargs.pk, ...data.map(([column, value]) => (column === 'pulp_labels' ? JSON.stringify(value) : value))],
      );
      if (kwargs.master === 'repositories' && data.some(([column]) => column === 'retain_repo_versions')) {
        await applyRetention(sql, String(kwargs.pk));
      }
    });
    return null;
  }

  @TaskHandler(GENERAL_DELETE_TASK)
  async delete({ kwargs, sql }: TaskContext): Promise<null> {
    await sql(`DELETE FROM ${master(kwargs.master).table} WHERE pulp_id = $1`, [kwargs.pk]);
    return null;
  }
}

function master(name: unknown): { table: string; columns: readonly string[] } {
  const known = MASTERS[String(name)];
  if (!known) {
    throw new Error(`No general update or delete for "${String(name)}"`);
  }
  return known;
}
