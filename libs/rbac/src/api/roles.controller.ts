import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PulpError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  parseBody,
  PulpBody,
  readResponse,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AccessPolicy } from '../access-policy.decorator';

import { roleFilters, RoleView } from './role-view';
import { PatchedRoleDto, RoleDto, RoleResponse } from './role.dto';

const DESCRIPTION = 'ViewSet for Role.';
const MODEL = 'Role';

/** `roles/`: named sets of permissions. Locked roles (the catalogues') are read-only here. */
@ApiTags('Roles')
@MemberPlaceholder('role_href')
@AccessPolicy('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RoleView) {}

  @Post()
  @ApiOperation({ operationId: 'roles_create', summary: 'Create a role', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiCreatedResponse({ type: RoleResponse, description: '' })
  async create(@PulpBody() body: RoleDto): Promise<RoleResponse> {
    const role = { name: body.name, description: body.description ?? null, permissions: body.permissions };
    return orNotFound(await this.roles.create(role), MODEL);
  }

  @Get()
  @ApiOperation({ operationId: 'roles_list', summary: 'List roles', description: DESCRIPTION })
  @ApiList(RoleResponse, roleFilters('/', () => undefined))
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<RoleResponse>>> {
    return listResponse(request, query, this.roles.filters, (list) => this.roles.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'roles_read', summary: 'Inspect a role', description: DESCRIPTION })
  @ApiOkResponse({ type: RoleResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<RoleResponse>> {
    return readResponse(this.roles, id, query, MODEL);
  }

  @Put(':pulp_id')
  @ApiOperation({ operationId: 'roles_update', summary: 'Update a role', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: RoleResponse, description: '' })
  async update(@Param('pulp_id') id: string, @Body() body: RoleDto): Promise<RoleResponse> {
    await this.unlocked(id);
    return orNotFound(await this.roles.change(id, parseBody(RoleDto, body)), MODEL);
  }

  @Patch(':pulp_id')
  @ApiOperation({ operationId: 'roles_partial_update', summary: 'Update a role', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: RoleResponse, description: '' })
  async partialUpdate(@Param('pulp_id') id: string, @Body() body: PatchedRoleDto): Promise<RoleResponse> {
    await this.unlocked(id);
    return orNotFound(await this.roles.change(id, parseBody(PatchedRoleDto, body)), MODEL);
  }

  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'roles_delete', summary: 'Delete a role', description: DESCRIPTION })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') id: string): Promise<void> {
    await this.unlocked(id);
    await this.roles.delete(id);
  }

  /**
   * The role to change: 404 when there is none, 403 when it is locked. Asked before the body is
   * judged (so updates take the raw body and parse it after), as Pulp refuses a locked role first.
   */
  private async unlocked(id: string): Promise<RoleResponse> {
    const role = orNotFound(isUuid(id) && (await this.roles.find(id)), MODEL);
    if (role.locked) {
      throw new PulpError('forbidden', 'PLP0403', 'The role is locked.');
    }
    return role;
  }
}
