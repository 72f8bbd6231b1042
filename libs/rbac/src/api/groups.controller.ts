import { Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { inTransaction, PG_POOL, SQL, type PgPoolLike, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import {
  ApiList,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AccessPolicy } from '../access-policy.decorator';
import { runCreationHooks } from '../creation-hooks';
import { Creator } from '../creator.decorator';
import type { PermissionTarget } from '../grants';
import { RoleEndpoints } from '../object-roles/role-endpoints';
import { existingId, refusedDuplicate } from './api-operations';
import { GroupFields, GroupResponse, PatchedGroupFields } from './groups.dto';
import { GROUP_FILTERS, GroupView } from './groups-view';

const TAG = 'Groups';
const DESCRIPTION = 'A group of users: roles given to it apply to every member.';

/**
 * `groups/`: named groups of users (their members and roles are nested endpoints), with object
 * roles on each group (`core.group_owner`…).
 */
@ApiTags(TAG)
@MemberPlaceholder('group_href')
@AccessPolicy('groups')
@Controller('groups')
export class GroupsController extends RoleEndpoints({
  operationPrefix: 'groups',
  placeholder: 'group_href',
  contentType: 'core.group',
}) {
  constructor(
    private readonly view: GroupView,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
  ) {
    super();
  }

  @Get()
  @ApiOperation({ operationId: 'groups_list', summary: 'List groups', description: DESCRIPTION })
  @ApiList(GroupResponse, GROUP_FILTERS)
  list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<GroupResponse>>> {
    return listResponse(request, query, GROUP_FILTERS, (list) => this.view.list(list));
  }

  @Post()
  @ApiOperation({ operationId: 'groups_create', summary: 'Create a group', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiCreatedResponse({ type: GroupResponse, description: '' })
  async create(@PulpBody() body: GroupFields, @Creator() creator: number | null): Promise<GroupResponse> {
    const name = await this.freeName(body.name);
    const id = await inTransaction(this.pool, async (sql) => {
      const [created] = await sql<{ id: number }>('INSERT INTO auth_group (name) VALUES ($1) RETURNING id', [name]);
      const objectId = String(created.id);
      await runCreationHooks(sql, { viewset: 'groups', contentType: 'core.group', objectId }, creator);
      return objectId;
    }).catch(refusedDuplicate);
    return this.body(id);
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'groups_read', summary: 'Inspect a group', description: DESCRIPTION })
  @ApiOkResponse({ type: GroupResponse, description: '' })
  async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<GroupResponse>> {
    return selectFields(await this.body(existingId(pk, 'Group')), query);
  }

  @Put(':pulp_id')
  @ApiOperation({ operationId: 'groups_update', summary: 'Update a group', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: GroupResponse, description: '' })
  update(@Param('pulp_id') pk: string, @PulpBody() body: GroupFields): Promise<GroupResponse> {
    return this.rename(pk, body.name);
  }

  @Patch(':pulp_id')
  @ApiOperation({ operationId: 'groups_partial_update', summary: 'Update a group', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: GroupResponse, description: '' })
  partialUpdate(@Param('pulp_id') pk: string, @PulpBody() body: PatchedGroupFields): Promise<GroupResponse> {
    return this.rename(pk, body.name);
  }

  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'groups_delete', summary: 'Delete a group', description: DESCRIPTION })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') pk: string): Promise<void> {
    const group = await this.found(pk);
    await this.sql('DELETE FROM auth_group WHERE id = $1', [group.id]);
  }

  private async rename(pk: string, name: string | undefined): Promise<GroupResponse> {
    const id = existingId(pk, 'Group');
    await this.body(id);
    if (name !== undefined) {
      const free = await this.freeName(name, id);
      await this.sql('UPDATE auth_group SET name = $2 WHERE id = $1', [id, free]).catch(refusedDuplicate);
    }
    return this.body(id);
  }

  /** The group's body, or Pulp's 404. */
  override async found(pk: string): Promise<GroupResponse> {
    return this.body(existingId(pk, 'Group'));
  }

  /** Assignments name the group by its canonical id, not the URL's spelling (`007`). */
  override async roleTarget(pk: string): Promise<PermissionTarget> {
    const group = await this.found(pk);
    return { contentType: 'core.group', objectId: String(group.id) };
  }

  private async body(id: string): Promise<GroupResponse> {
    return orNotFound(await this.view.find(id), 'Group');
  }

  /** The name trimmed (DRF's CharField), not blank, and no other group's (Pulp's UniqueValidator). */
  private async freeName(raw: string, except = '0'): Promise<string> {
    const name = raw.trim();
    if (name === '') {
      throw new PulpValidationError({ name: ['This field may not be blank.'] });
    }
    const rows = await this.sql('SELECT 1 FROM auth_group WHERE name = $1 AND id <> $2', [name, except]);
    if (rows.length > 0) {
      throw new PulpValidationError({ name: ['This field must be unique.'] });
    }
    return name;
  }
}
