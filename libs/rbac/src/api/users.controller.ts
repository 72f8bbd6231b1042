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
import { SQL, type Sql } from '@pulp/database';
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
import { existingId, refusedDuplicate } from './api-operations';
import { userColumns, type UserColumns } from './user-writes';
import { PatchedUserFields, UserFields, UserResponse } from './users.dto';
import { USER_FILTERS, UserView } from './users-view';

const TAG = 'Users';
const DESCRIPTION = 'A local user: who may log in, and how.';

/** `users/`: local users; the password is written hashed and never answered. */
@ApiTags(TAG)
@MemberPlaceholder('auth_user_href')
@AccessPolicy('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly view: UserView,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'users_list', summary: 'List users', description: DESCRIPTION })
  @ApiList(UserResponse, USER_FILTERS)
  list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<UserResponse>>> {
    return listResponse(request, query, USER_FILTERS, (list) => this.view.list(list));
  }

  @Post()
  @ApiOperation({ operationId: 'users_create', summary: 'Create a user', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiCreatedResponse({ type: UserResponse, description: '' })
  async create(@PulpBody() body: UserFields): Promise<UserResponse> {
    const columns = await userColumns(body, true, (username) => this.taken(username));
    const names = Object.keys(columns);
    const [created] = await this.sql<{ id: number }>(
      `INSERT INTO auth_user (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(columns),
    ).catch(refusedDuplicate);
    return this.body(String(created.id));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'users_read', summary: 'Inspect a user', description: DESCRIPTION })
  @ApiOkResponse({ type: UserResponse, description: '' })
  async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<UserResponse>> {
    return selectFields(await this.body(existingId(pk, 'User')), query);
  }

  @Put(':pulp_id')
  @ApiOperation({ operationId: 'users_update', summary: 'Update a user', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: UserResponse, description: '' })
  update(@Param('pulp_id') pk: string, @PulpBody() body: UserFields): Promise<UserResponse> {
    return this.write(pk, body, true);
  }

  @Patch(':pulp_id')
  @ApiOperation({ operationId: 'users_partial_update', summary: 'Update a user', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: UserResponse, description: '' })
  partialUpdate(@Param('pulp_id') pk: string, @PulpBody() body: PatchedUserFields): Promise<UserResponse> {
    return this.write(pk, body, false);
  }

  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'users_delete', summary: 'Delete a user', description: DESCRIPTION })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') pk: string): Promise<void> {
    const deleted = await this.sql('DELETE FROM auth_user WHERE id = $1 RETURNING id', [existingId(pk, 'User')]);
    orNotFound(deleted.length > 0, 'User');
  }

  private async write(pk: string, body: PatchedUserFields, full: boolean): Promise<UserResponse> {
    const id = existingId(pk, 'User');
    await this.body(id);
    const columns: UserColumns = await userColumns(body, full, (username) => this.taken(username, id));
    const names = Object.keys(columns);
    if (names.length > 0) {
      await this.sql(`UPDATE auth_user SET ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')} WHERE id = $1`, [
        id,
        ...Object.values(columns),
      ]).catch(refusedDuplicate);
    }
    if (columns.password !== undefined) {
      // A new password ends the user's login sessions, as Django's session auth hash does.
      await this.sql('DELETE FROM core_session WHERE user_id = $1', [id]);
    }
    return this.body(id);
  }

  private async body(id: string): Promise<UserResponse> {
    return orNotFound(await this.view.find(id), 'User');
  }

  /** Whether another user than `except` has this username (Pulp's UniqueValidator). */
  private async taken(username: string, except = '0'): Promise<boolean> {
    const rows = await this.sql('SELECT 1 FROM auth_user WHERE username = $1 AND id <> $2', [username, except]);
    return rows.length > 0;
  }
}
