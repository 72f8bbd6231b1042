import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { currentDomainName } from '@pulp/domains';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import { ApiList, holdsNul, listResponse, orNotFound, type Page, type RawQuery, integerId } from '@pulp/rest';
import { AccessPolicy } from '../access-policy.decorator';
import { existingId } from './api-operations';
import { GroupUserFields, GroupUserResponse } from './groups.dto';
import { GroupView } from './groups-view';
import { userHref } from './users-view';

const TAG = 'Groups: Users';
const DESCRIPTION = "A group's members.";

/** The lookups Pulp's `User.objects.get(**request.data)` is documented with. */
const USER_LOOKUPS = "Please provide one of the following values for User: 'pk', 'id', 'username'";

/** `groups/<id>/users/`: who is in a group; members are added by username and removed by id. */
@ApiTags(TAG)
@MemberPlaceholder('groups_user_href')
@AccessPolicy('groups/users')
@Controller('groups')
export class GroupUsersController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly settings: PulpSettings,
    private readonly groups: GroupView,
  ) {}

  @Get(':pulp_id/users')
  @MemberPlaceholder('group_href')
  @ApiOperation({ operationId: 'groups_users_list', summary: 'List users', description: DESCRIPTION })
  @ApiList(GroupUserResponse)
  async list(
    @Param('pulp_id') pk: string,
    @Query() query: RawQuery,
    @Req() request: FastifyRequest,
  ): Promise<Page<Partial<GroupUserResponse>>> {
    const group = await this.group(pk);
    return listResponse(request, query, undefined, async (list) => {
      const [counted, rows] = await Promise.all([
        this.sql<{ count: number }>('SELECT count(*)::int AS count FROM auth_user_groups WHERE group_id = $1', [group]),
        this.sql<{ id: number; username: string }>(
          `SELECT u.id, u.username FROM auth_user_groups ug JOIN auth_user u ON u.id = ug.user_id
            WHERE ug.group_id = $1 ORDER BY u.id LIMIT $2 OFFSET $3`,
          [group, list.limit, list.offset],
        ),
      ]);
      return { count: counted[0].count, results: rows.map((row) => this.member(row)) };
    });
  }

  @Post(':pulp_id/users')
  @MemberPlaceholder('group_href')
  @ApiOperation({ operationId: 'groups_users_create', summary: 'Create an user', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiBody({ type: GroupUserFields })
  @ApiCreatedResponse({ type: GroupUserResponse, description: '' })
  async create(@Param('pulp_id') pk: string, @Body() body: unknown): Promise<GroupUserResponse> {
    const group = await this.group(pk);
    const user = await this.namedUser(body);
    await this.sql(
      'INSERT INTO auth_user_groups (user_id, group_id) VALUES ($1, $2) ON CONFLICT (user_id, group_id) DO NOTHING',
      [user.id, group],
    );
    return this.member(user);
  }

  @Delete(':group_pk/users/:pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'groups_users_delete', summary: 'Delete an user', description: DESCRIPTION })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('group_pk') groupPk: string, @Param('pulp_id') pk: string): Promise<void> {
    const group = await this.group(groupPk);
    const userId = existingId(pk, 'User');
    const [user] = await this.sql('SELECT 1 FROM auth_user WHERE id = $1', [userId]);
    orNotFound(user, 'User');
    await this.sql('DELETE FROM auth_user_groups WHERE user_id = $1 AND group_id = $2', [userId, group]);
  }

  /** The group's id, found through its view (so scoped as the view is), or Pulp's 404. */
  private async group(pk: string): Promise<string> {
    const id = existingId(pk, 'Group');
    orNotFound(await this.groups.find(id), 'Group');
    return id;
  }

  /**
   * The user a body names, as Pulp looks it up (any of `username`, `id`, `pk`, all matching); an
   * empty body, another key or no such user is Pulp's 400.
   */
  private async namedUser(body: unknown): Promise<{ id: number; username: string }> {
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body)
        ? Object.entries(body as Record<string, unknown>)
        : [];
    if (fields.length === 0) {
      throw new PulpValidationError([USER_LOOKUPS]);
    }
    const lookup = new Map<string, unknown>(
      fields.map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]),
    );
    const username = lookup.get('username');
    const ids = ['id', 'pk'].filter((key) => lookup.has(key)).map((key) => lookup.get(key));
    const usable =
      [...lookup.keys()].every((key) => ['username', 'id', 'pk'].includes(key)) &&
      (username === undefined || (typeof username === 'string' && !holdsNul(username))) &&
      ids.every((id) => typeof id === 'string' && integerId(id) !== undefined);
    const [user] = usable
      ? await this.sql<{ id: number; username: string }>(
          `SELECT id, username FROM auth_user
            WHERE ($1::text IS NULL OR username = $1) AND id = ALL($2::integer[])`,
          [username ?? null, ids],
        )
      : [];
    if (!user) {
      throw new PulpValidationError([`Could not find user ${typeof username === 'string' ? username : 'None'}`]);
    }
    return user;
  }

  private member(user: { id: number; username: string }): GroupUserResponse {
    const api = resourceApiPath(this.settings, currentDomainName());
    return { username: user.username, pulp_href: userHref(api, user.id), prn: `prn:auth.user:${user.id}` };
  }
}
