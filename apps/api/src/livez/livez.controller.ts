import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NoAccessPolicy, Public } from '@pulp/rbac';

/** Liveness for orchestrators: answers without touching the database. */
@ApiTags('Livez')
@NoAccessPolicy()
@Controller('livez')
export class LivezController {
  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'livez_read',
    summary: "Inspect liveness of Pulp's REST API.",
    description: 'Returns 200 OK when API is alive.',
  })
  @ApiOkResponse({ description: 'No response body' })
  livez(): void {}
}
