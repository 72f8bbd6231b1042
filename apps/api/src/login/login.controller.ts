import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import type { User } from '@pulp/rbac';
import { NoAccessPolicy } from '@pulp/rbac';

export class LoginResponse {
  @ApiPropertyOptional({ format: 'uri', readOnly: true })
  pulp_href!: string;
  @ApiPropertyOptional({ readOnly: true })
  prn!: string;
  @ApiPropertyOptional({ readOnly: true })
  username!: string;
}

/** Who the caller is; sessions (POST login/, DELETE logout) come with session authentication. */
@ApiTags('Login')
@NoAccessPolicy()
@Controller('login')
export class LoginController {
  constructor(private readonly settings: PulpSettings) {}

  @Get()
  @ApiOperation({ operationId: 'login_read' })
  @ApiOkResponse({ type: LoginResponse, description: '' })
  whoAmI(@Req() request: { user: User }): LoginResponse {
    const { id, username } = request.user;
    return { pulp_href: `${this.settings.API_ROOT}api/v3/users/${id}/`, prn: `prn:auth.user:${id}`, username };
  }
}
