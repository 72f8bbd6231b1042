import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { MemberPlaceholder } from '@pulp/http';
import { readResponse, type FieldSelection, type RawQuery } from '@pulp/rest';
import { ArtifactDistributionResponse } from './distribution.dto';
import { TYPED_DISTRIBUTION_FILTERS, ArtifactDistributionView } from './distribution-view';
import { ListOperation, page } from './list-endpoint';
import { AccessPolicy } from '@pulp/rbac';

const TAG = 'Distributions: Artifacts';
const DESCRIPTION = 'ViewSet for ArtifactDistribution.';

/** `distributions/core/artifacts/`: distributions of type `core.artifact` (read-only for now). */
@MemberPlaceholder('artifact_distribution_href')
@AccessPolicy('distributions/core/artifacts')
@Controller('distributions/core/artifacts')
export class ArtifactDistributionsController {
  constructor(private readonly view: ArtifactDistributionView) {}

  @ListOperation({
    path: '',
    tag: TAG,
    operationId: 'distributions_core_artifacts_list',
    summary: 'List artifact distributions',
    description: DESCRIPTION,
    item: ArtifactDistributionResponse,
    filters: TYPED_DISTRIBUTION_FILTERS,
  })
  list(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.view);
  }

  @Get(':pulp_id')
  @ApiTags(TAG)
  @ApiOperation({
    operationId: 'distributions_core_artifacts_read',
    summary: 'Inspect an artifact distribution',
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: ArtifactDistributionResponse, description: '' })
  read(@Param('pulp_id') id: string, @Query() query: FieldSelection) {
    return readResponse(this.view, id, query, 'ArtifactDistribution');
  }
}
