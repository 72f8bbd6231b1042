import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { currentDomain } from '@pulp/domains';
import { NoAccessPolicy, Public } from '@pulp/rbac';
import { StatusResponse } from './status.dto';
import { StatusService } from './status.service';

@ApiTags('Status')
@NoAccessPolicy()
@Controller('status')
export class StatusController {
  constructor(private readonly statusService: StatusService) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'status_read',
    summary: 'Inspect status of Pulp',
    description:
      'Returns status and app information about Pulp.\n\nInformation includes:\n * version of pulpcore and loaded pulp plugins\n' +
      ' * known workers\n * known content apps\n * database connection status\n * redis connection status\n * disk usage information',
  })
  @ApiOkResponse({ type: StatusResponse, description: '' })
  status(): Promise<StatusResponse> {
    return this.statusService.status(currentDomain()?.id);
  }
}
