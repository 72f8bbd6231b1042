import type { TaskContext } from '@pulp/tasking';
import type { DetailTypes } from '../detail-types/detail-types';
import type { CompletedVersion } from './repository-versions';

/**
 * Lists a new version among the task's created resources, as Pulp's new_version does, unless its
 * repository is hidden from users. Its href lives below the typed repository (`file.file` →
 * `repositories/file/file/<id>/versions/<n>/`, as its plugin declares the type).
 */
export async function recordCreatedVersion(
  { sql, createdResource }: Pick<TaskContext, 'sql' | 'createdResource'>,
  version: CompletedVersion,
  detailTypes: DetailTypes,
): Promise<void> {
  const [repository] = await sql<{ pulp_type: string; user_hidden: boolean }>(
    'SELECT pulp_type, user_hidden FROM core_repository WHERE pulp_id = $1',
    [version.repositoryId],
  );
  if (!repository.user_hidden) {
    await createdResource(
      `prn:core.repositoryversion:${version.id}`,
      `repositories/${detailTypes.segment('repositories', repository.pulp_type)}/${version.repositoryId}/versions/${version.number}/`,
    );
  }
}
