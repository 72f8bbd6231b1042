import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { PulpBody } from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { RepairDto } from './repair.dto';
import { REPAIR_ALL_TASK } from './repair.task';
import { AccessPolicy } from '@pulp/rbac';
import { ANY_BODY } from '@pulp/http';

/** `repair/`: checks every stored artifact content uses, and repairs what it can. */
@ApiTags('Repair')
@AccessPolicy('repair')
@Controller('repair')
export class RepairController {
  constructor(
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'repair_post',
    summary: 'Repair Artifact Storage',
    description:
      'Trigger an asynchronous task that checks for missing or corrupted artifacts, and attempts to redownload them.',
  })
  @ApiConsumes(...ANY_BODY)
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async repair(@PulpBody() body: RepairDto, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
    return dispatchAccepted(this.queue, this.settings, request, REPAIR_ALL_TASK, {
      kwargs: { verify_checksums: body.verify_checksums ?? true },
      exclusiveResources: [await this.queue.domainResource('repair')],
    });
  }
}
