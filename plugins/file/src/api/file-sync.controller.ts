import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessPolicy,
  ANY_BODY,
  AsyncOperationResponse,
  DetailTypes,
  dispatchAccepted,
  isUuid,
  MemberPlaceholder,
  orNotFound,
  PulpBody,
  PulpSettings,
  PulpValidationError,
  RepositoryWrites,
  SQL,
  TaskQueue,
  type RequestUser,
  type Sql,
} from '@pulp/plugin-api';
import { SYNCHRONIZE_TASK } from '../file-tasks';
import { FILE_TYPE } from '../file-types';
import { FileRepositorySyncDto } from './file-sync.dto';

/** `POST repositories/file/file/<id>/sync/`: checked here (Pulp's 400s, nothing queued), run by the sync task. */
@ApiTags('Repositories: File')
@MemberPlaceholder('file_file_repository_href')
@AccessPolicy('repositories/file/file')
@Controller('repositories/file/file')
export class FileSyncController {
  constructor(
    private readonly writes: RepositoryWrites,
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
    private readonly types: DetailTypes,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Post(':pulp_id/sync')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'repositories_file_file_sync',
    summary: 'Sync from a remote',
    description: 'Trigger an asynchronous task to sync file content.',
  })
  @ApiConsumes(...ANY_BODY)
  @ApiBody({ type: FileRepositorySyncDto })
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async sync(
    @Param('pulp_id') pk: string,
    @PulpBody() body: FileRepositorySyncDto,
    @Req() request: RequestUser,
  ): Promise<AsyncOperationResponse> {
    const [repository] = isUuid(pk)
      ? await this.sql<{ autopublish: boolean | null }>(
          `SELECT f.autopublish FROM core_repository r
             LEFT JOIN file_filerepository f ON f.repository_id = r.pulp_id
            WHERE r.pulp_id = $1 AND r.pulp_type = $2 AND NOT r.user_hidden`,
          [pk, FILE_TYPE],
        )
      : [];
    orNotFound(repository, 'Repository');
    const remoteId = await this.writes.syncRemote(pk, body.remote, [FILE_TYPE]);
    const mirror = body.mirror ?? false;
    if (mirror && repository.autopublish) {
      throw new PulpValidationError(['Cannot use mirror mode with autopublished repository.']);
    }
    return dispatchAccepted(this.queue, this.settings.API_ROOT, request, SYNCHRONIZE_TASK, {
      kwargs: { remote_pk: remoteId, repository_pk: pk, mirror, optimize: body.optimize ?? true },
      exclusiveResources: [this.types.prn('repositories', FILE_TYPE, pk)],
      sharedResources: [this.types.prn('remotes', FILE_TYPE, remoteId)],
    });
  }
}
