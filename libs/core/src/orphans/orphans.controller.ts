import { Controller, Delete, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpBody } from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { existingRows } from '../references';
import { OrphansCleanupDto } from './orphans-cleanup.dto';
import { AccessPolicy } from '@pulp/rbac';
import { ANY_BODY } from '@pulp/http';

const ORPHAN_CLEANUP = 'pulpcore.app.tasks.orphan.orphan_cleanup';

/**
 * `orphans/cleanup/` and the deprecated `orphans/`: dispatch the orphan cleanup, exclusive on the
 * domain's `orphans` resource so two cleanups never race each other.
 */
@AccessPolicy('orphans')
@Controller('orphans')
export class OrphansController {
  constructor(
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Post('cleanup')
  @AccessPolicy('orphans/cleanup')
  @HttpCode(202)
  @ApiTags('Orphans: Cleanup')
  @ApiOperation({
    operationId: 'orphans_cleanup_cleanup',
    description: 'Trigger an asynchronous orphan cleanup operation.',
  })
  @ApiConsumes(...ANY_BODY)
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async cleanup(@PulpBody() body: OrphansCleanupDto, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
    const contentIds = body.content_hrefs ? await this.existingContent(body.content_hrefs) : null;
    return this.dispatch(request, {
      content_pks: contentIds,
      orphan_protection_time: body.orphan_protection_time ?? null,
    });
  }

  @Delete()
  @HttpCode(202)
  @ApiTags('Orphans')
  @ApiOperation({
    operationId: 'orphans_delete',
    summary: 'Delete orphans',
    description:
      'DEPRECATED! Trigger an asynchronous task that deletes all orphaned content and artifacts. Use the `POST /pulp/api/v3/orphans/cleanup/` call instead.',
  })
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async deleteAll(@Req() request: RequestUser): Promise<AsyncOperationResponse> {
    return this.dispatch(request, { content_pks: null, orphan_protection_time: null });
  }

  private async dispatch(request: RequestUser, kwargs: Record<string, unknown>): Promise<AsyncOperationResponse> {
    return dispatchAccepted(this.queue, this.settings, request, ORPHAN_CLEANUP, {
      kwargs,
      exclusiveResources: [await this.queue.domainResource('orphans')],
    });
  }

  /** The content's ids; a reference to no content is a 400 naming it, as Pulp's serializer does. */
  private async existingContent(references: string[]): Promise<string[]> {
    const rows = await existingRows(
      this.sql,
      'core_content',
      'content_hrefs',
      references,
      ([missing]) => `URI ${missing} not found for content.`,
    );
    return rows.map((row) => row.pulp_id);
  }
}
