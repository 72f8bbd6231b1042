import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { MemberPlaceholder } from '@pulp/http';
import { readResponse, type FieldSelection, type RawQuery } from '@pulp/rest';
import { SigningServiceResponse } from './content.dto';
import { ListOperation, page } from './list-endpoint';
import { SIGNING_SERVICE_FILTERS, SigningServiceView } from './signing-service-view';
import { AccessPolicy } from '@pulp/rbac';

const TAG = 'Signing-Services';
const DESCRIPTION = 'A ViewSet that supports browsing of existing signing services.';

/** `signing-services/`: read-only; administrators add signing services with pulpcore-manager. */
@MemberPlaceholder('signing_service_href')
@AccessPolicy('signing-services')
@Controller('signing-services')
export class SigningServicesController {
  constructor(private readonly view: SigningServiceView) {}

  @ListOperation({
    path: '',
    tag: TAG,
    operationId: 'signing_services_list',
    summary: 'List signing services',
    description: DESCRIPTION,
    item: SigningServiceResponse,
    filters: SIGNING_SERVICE_FILTERS,
  })
  list(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.view);
  }

  @Get(':pulp_id')
  @ApiTags(TAG)
  @ApiOperation({
    operationId: 'signing_services_read',
    summary: 'Inspect a signing service',
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: SigningServiceResponse, description: '' })
  read(@Param('pulp_id') id: string, @Query() query: FieldSelection) {
    return readResponse(this.view, id, query, 'SigningService');
  }
}
