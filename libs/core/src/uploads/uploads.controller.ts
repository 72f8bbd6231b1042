import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PulpSettings } from '@pulp/config';
import { PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { chunkProblem, parseContentRange } from './chunk-placement';
import { COMMIT_TASK } from './commit-upload.task';
import { chunkName } from './upload-files';
import { UploadChunkDto, UploadCommitDto, UploadDetailResponse, UploadDto, UploadResponse } from './upload.dto';
import { UPLOAD_FILTERS, UploadViewService } from './upload-view.service';
import { AccessPolicy, Creator, RoleEndpoints } from '@pulp/rbac';

const FORM = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** `uploads/`: a large file sent in chunks, then committed into an artifact by a task. */
@ApiTags('Uploads')
@MemberPlaceholder('upload_href')
@AccessPolicy('uploads')
@Controller('uploads')
export class UploadsController extends RoleEndpoints({
  operationPrefix: 'uploads',
  placeholder: 'upload_href',
  contentType: 'core.upload',
  table: 'core_upload',
  documentedBody: UploadDto,
}) {
  constructor(
    private readonly uploads: UploadViewService,
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
  ) {
    super();
  }

  @Post()
  @ApiOperation({ operationId: 'uploads_create', summary: 'Create an upload' })
  @ApiConsumes(...ANY_BODY)
  @ApiCreatedResponse({ type: UploadResponse, description: '' })
  async create(@PulpBody() body: UploadDto, @Creator() creator: number | null): Promise<UploadResponse> {
    return this.uploads.create(body.size, creator);
  }

  @Get()
  @ApiOperation({ operationId: 'uploads_list', summary: 'List uploads' })
  @ApiList(UploadResponse, UPLOAD_FILTERS)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<UploadResponse>>> {
    return listResponse(request, query, UPLOAD_FILTERS, (list) => this.uploads.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'uploads_read', summary: 'Inspect an upload' })
  @ApiOkResponse({ type: UploadDetailResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<UploadDetailResponse>> {
    return selectFields(orNotFound(isUuid(id) && (await this.uploads.detail(id)), 'Upload'), query);
  }

  /** Stores one chunk where Content-Range puts it; a chunk sent again at the same offset replaces it. */
  @Put(':pulp_id')
  @ApiOperation({
    operationId: 'uploads_update',
    summary: 'Upload a file chunk',
    description: 'Upload a chunk for an upload.',
  })
  @ApiHeader({
    name: 'Content-Range',
    required: true,
    description: 'The Content-Range header specifies the location of the file chunk within the file.',
  })
  @ApiConsumes(...FORM)
  @ApiOkResponse({ type: UploadResponse, description: '' })
  async update(
    @Param('pulp_id') id: string,
    @Headers('content-range') contentRange: string | undefined,
    @PulpBody() body: UploadChunkDto,
  ): Promise<UploadResponse> {
    const upload = await this.found(id);
    const range = parseContentRange(contentRange);
    if (!range) {
      throw new PulpValidationError(['Invalid or missing content range header.']);
    }
    if (body.sha256 && body.sha256.toLowerCase() !== body.file.digests.sha256) {
      throw new PulpValidationError(['Checksum does not match chunk upload.']);
    }
    const file = chunkName(this.settings.CHUNKED_UPLOAD_DIR, id, range.start);
    const saved = await this.uploads.saveChunk(
      id,
      { offset: range.start, size: body.file.size, file, path: body.file.path },
      (chunks) => chunkProblem(range, body.file.size, upload.size, chunks),
    );
    return orNotFound(saved, 'Upload');
  }

  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'uploads_delete', summary: 'Delete an upload' })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') id: string): Promise<void> {
    await this.found(id);
    await this.uploads.delete(id);
  }

  /** Dispatches the task that assembles the chunks into an artifact (checked against `sha256`). */
  @Post(':pulp_id/commit')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'uploads_commit',
    summary: 'Finish an Upload',
    description: 'Queues a Task that creates an Artifact, and the Upload gets deleted and cannot be re-used.',
  })
  @ApiConsumes(...ANY_BODY)
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async commit(
    @Param('pulp_id') id: string,
    @PulpBody() body: UploadCommitDto,
    @Req() request: RequestUser,
  ): Promise<AsyncOperationResponse> {
    await this.found(id);
    return dispatchAccepted(this.queue, this.settings, request, COMMIT_TASK, {
      kwargs: { upload_pk: id, sha256: body.sha256.toLowerCase() },
      exclusiveResources: [`prn:core.upload:${id}`],
    });
  }

  /** The upload's body, or Pulp's 404 (also for an id that is no uuid). */
  override async found(id: string): Promise<UploadResponse> {
    return orNotFound(isUuid(id) && (await this.uploads.find(id)), 'Upload');
  }
}
