import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { MemberPlaceholder } from '@pulp/http';
import { ApiList, listResponse, readResponse, type FieldSelection, type Page, type RawQuery } from '@pulp/rest';
import { WORKER_FILTERS, WorkerViewService } from './worker-view.service';
import { WorkerResponse } from './worker.dto';
import { AccessPolicy } from '@pulp/rbac';

/** `workers/`: the worker processes, online and missing (read-only). */
@ApiTags('Workers')
@MemberPlaceholder('worker_href')
@AccessPolicy('workers')
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkerViewService) {}

  @Get()
  @ApiOperation({ operationId: 'workers_list', summary: 'List app statuss' })
  @ApiList(WorkerResponse, WORKER_FILTERS)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<WorkerResponse>>> {
    return listResponse(request, query, WORKER_FILTERS, (list) => this.workers.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'workers_read', summary: 'Inspect an app status' })
  @ApiOkResponse({ type: WorkerResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<WorkerResponse>> {
    return readResponse(this.workers, id, query, 'AppStatus');
  }
}
