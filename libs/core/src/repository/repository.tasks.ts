import { Injectable } from '@nestjs/common';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { contentInVersion, latestNumber } from './membership';
import { RepositoryTypes } from './repository-hooks';
import { RepositoryVersions } from './repository-versions';

/** What "*" removes: the content of the latest complete version (Pulp's reading, also with a base version). */
const LATEST_CONTENT = contentInVersion('$1', latestNumber('$1'));

/** Units that exist: unknown ids are skipped, as Pulp's `Content.objects.filter(pk__in=…)` does. */
const EXISTING_CONTENT = 'SELECT pulp_id FROM core_content WHERE pulp_id = ANY($1::uuid[])';

/** Pulp's generic repository tasks: modify (add and remove content) and delete a version. */
@Injectable()
export class RepositoryTasks {
  constructor(private readonly types: RepositoryTypes) {}

  @TaskHandler('pulpcore.app.tasks.repository.add_and_remove')
  async addAndRemove(context: TaskContext): Promise<null> {
    const { kwargs } = context;
    const repositoryId = String(kwargs.repository_pk);
    const add = (kwargs.add_content_units as string[] | undefined) ?? [];
    const remove = (kwargs.remove_content_units as string[] | undefined) ?? [];
    await this.types.buildVersion(
      context,
      repositoryId,
      async (next) => {
        await next.remove(
          remove.includes('*')
            ? { text: LATEST_CONTENT, params: [repositoryId] }
            : { text: EXISTING_CONTENT, params: [remove] },
        );
        await next.add({ text: EXISTING_CONTENT, params: [add] });
      },
      {
        baseVersionId: (kwargs.base_version_pk as string | null | undefined) ?? null,
        overwrite: kwargs.overwrite !== false,
      },
    );
    return null;
  }

  @TaskHandler('pulpcore.app.tasks.repository.delete_version')
  async deleteVersion(context: TaskContext): Promise<null> {
    const [version] = await context.sql<{ repository_id: string; number: number }>(
      'SELECT repository_id, number FROM core_repositoryversion WHERE pulp_id = $1 AND complete',
      [context.kwargs.pk],
    );
    if (version) {
      await new RepositoryVersions(context).delete(version.repository_id, version.number);
    }
    return null;
  }
}
