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
  TaskQueue,
  type RequestUser,
} from '@pulp/plugin-api';
import { SYNCHRONIZE_TASK } from '../file-tasks';
import { FILE_TYPE } from '../file-types';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';
import { FileRepositorySyncDto } from './file-sync.dto';

/** What sync reads of a file repository: its body, as the typed view shows it (so scoped as every read). */
interface FileRepositoryView {
  find(id: string): Promise<{ autopublish?: boolean } | null | undefined>;
}

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
    @Inject(FILE_REPOSITORY_ENDPOINTS.view) private readonly repositories: FileRepositoryView,
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
    const repository = orNotFound(isUuid(pk) && (await this.repositories.find(pk)), 'Repository');
    const remoteId = await this.writes.syncRemote(pk, body.remote, [FILE_TYPE]);
    const mirror = body.mirror ?? false;
    if (mirror && repository.autopublish) {
      throw new PulpValidationError(['Cannot use mirror mode with autopublished repository.']);
    }
    return dispatchAccepted(this.queue, this.settings, request, SYNCHRONIZE_TASK, {
      kwargs: { remote_pk: remoteId, repository_pk: pk, mirror, optimize: body.optimize ?? true },
      exclusiveResources: [this.types.prn('repositories', FILE_TYPE, pk)],
      sharedResources: [this.types.prn('remotes', FILE_TYPE, remoteId)],
    });
  }
}
