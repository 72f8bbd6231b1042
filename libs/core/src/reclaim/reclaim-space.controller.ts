import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { PulpBody } from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import { existingRows, resolveVersion } from '../references';
import { ReclaimSpaceDto } from './reclaim-space.dto';
import { RECLAIM_SPACE_TASK } from './reclaim-space.task';
import { AccessPolicy } from '@pulp/rbac';
import { ANY_BODY } from '@pulp/http';

/** `repositories/reclaim_space/`: gives back the disk space of content that can be fetched again. */
@ApiTags('Repositories: Reclaim_Space')
@AccessPolicy('repositories/reclaim_space')
@Controller('repositories/reclaim_space')
export class ReclaimSpaceController {
  constructor(
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
    private readonly detailTypes: DetailTypes,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  /** The repositories are shared (no sync may run meanwhile); all of them (`["*"]`) lock the domain's reclaim. */
  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'repositories_reclaim_space_reclaim',
    description: 'Trigger an asynchronous space reclaim operation.',
  })
  @ApiConsumes(...ANY_BODY)
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async reclaim(@PulpBody() body: ReclaimSpaceDto, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
    const all = body.repo_hrefs.includes('*');
    if (all && body.repo_hrefs.length > 1) {
      throw new PulpValidationError({ repo_hrefs: ["'*' cannot be combined with repository hrefs."] });
    }
    const repositories = all ? null : await this.repositories(body.repo_hrefs);
    const keeplist = await this.versions(body.repo_versions_keeplist ?? []);
    return dispatchAccepted(this.queue, this.settings, request, RECLAIM_SPACE_TASK, {
      kwargs: { repo_pks: repositories?.map((repository) => repository.pulp_id) ?? null, keeplist_rv_pks: keeplist },
      ...(repositories
        ? { sharedResources: repositories.map((r) => this.detailTypes.prn('repositories', r.pulp_type, r.pulp_id)) }
        : { exclusiveResources: [await this.queue.domainResource('reclaim_space')] }),
    });
  }

  private repositories(references: string[]): Promise<{ pulp_id: string; pulp_type: string }[]> {
    return existingRows(
      this.sql,
      'core_repository',
      'repo_hrefs',
      references,
      ([missing]) => `URI ${missing} not found for repository.`,
      'pulp_id, pulp_type',
    );
  }

  private async versions(references: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const reference of references) {
      ids.push(
        await resolveVersion(this.sql, 'repo_versions_keeplist', reference, {
          missing: `URI ${reference} not found for repository version.`,
        }),
      );
    }
    return ids;
  }
}
