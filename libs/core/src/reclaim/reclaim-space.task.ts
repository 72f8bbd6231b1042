import { Injectable } from '@nestjs/common';
import { DomainStorages } from '@pulp/domains';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { deleteArtifacts } from '../artifacts/delete-artifacts';
import { DetailTypes } from '../detail-types/detail-types';
import { orphanArtifact } from '../orphans/orphan-conditions';
import { inVersion } from '../repository/membership';

export const RECLAIM_SPACE_TASK = 'pulpcore.app.tasks.reclaim_space.reclaim_space';

/**
 * Content of the repositories (`$1`: their ids, null for all) that no other repository holds in
 * any version and no kept version (`$2`) holds, of a type whose plugin lets it be fetched again
 * (`$3`); published metadata never is.
 */
const RECLAIMABLE_CONTENT = `
  SELECT c.pulp_id FROM core_content c
   WHERE c.pulp_type = ANY($3::text[])
     AND EXISTS (SELECT 1 FROM core_repositorycontent rc
                  WHERE rc.content_id = c.pulp_id AND ($1::uuid[] IS NULL OR rc.repository_id = ANY($1::uuid[])))
     AND NOT EXISTS (SELECT 1 FROM core_repositorycontent other
                      WHERE other.content_id = c.pulp_id AND $1::uuid[] IS NOT NULL
                        AND NOT other.repository_id = ANY($1::uuid[]))
     AND NOT EXISTS (SELECT 1 FROM core_repositoryversion kv
                       JOIN core_repositorycontent k ON k.repository_id = kv.repository_id AND ${inVersion('k', 'kv.number')}
                      WHERE kv.pulp_id = ANY($2::uuid[]) AND k.content_id = c.pulp_id)`;

/**
 * Pulp's reclaim space: the files of on-demand-able content of some repositories are given back
 * (the content units and versions stay; the content app fetches a file again when asked). Only
 * files a remote can serve again are detached, unless `force`.
 */
@Injectable()
export class ReclaimSpaceTask {
  constructor(
    private readonly storages: DomainStorages,
    private readonly detailTypes: DetailTypes,
  ) {}

  @TaskHandler(RECLAIM_SPACE_TASK)
  async reclaim({ kwargs, sql, transaction, progress }: TaskContext): Promise<null> {
    const detached = await sql<{ artifact_id: string }>(
      `UPDATE core_contentartifact ca SET artifact_id = NULL, pulp_last_updated = now()
         FROM core_contentartifact before
        WHERE before.pulp_id = ca.pulp_id AND ca.content_id IN (${RECLAIMABLE_CONTENT}) AND ca.artifact_id IS NOT NULL
          AND ($4 OR EXISTS (SELECT 1 FROM core_remoteartifact ra WHERE ra.content_artifact_id = ca.pulp_id))
        RETURNING before.artifact_id`,
      [
        kwargs.repo_pks ?? null,
        kwargs.keeplist_rv_pks ?? [],
        this.detailTypes.reclaimableContentTypes(),
        kwargs.force === true,
      ],
    );
    await deleteArtifacts(
      { sql, transaction },
      this.storages,
      {
        where: `t.pulp_id = ANY($1::uuid[]) AND ${orphanArtifact('t')}`,
        params: [detached.map((row) => row.artifact_id)],
      },
      progress,
      { message: 'Reclaim disk space', code: 'reclaim-space.artifact' },
    );
    return null;
  }
}
