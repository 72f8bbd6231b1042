import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
import { existingId, notFound } from './api-operations';
import type { RoleAssignmentFields, RoleAssignmentResponse } from './role-assignment.dto';
import { assignmentFilters, roleAssignmentsOf, type RoleAssignments, type AssignmentHolder } from './role-assignments';

/** How Pulp's schema names one holder's role endpoints. */
export interface RoleEndpointNames {
  holder: AssignmentHolder;
  /** `users_roles`. */
  operationPrefix: string;
  tag: string;
  /** The holder's member placeholder (`auth_user_href`) and the assignment's (`auth_users_user_role_href`). */
  holderPlaceholder: string;
  placeholder: string;
  request: Type<RoleAssignmentFields>;
  response: Type<RoleAssignmentResponse>;
}

/**
 * `<holder>/<id>/roles/`: the roles given to one user or group (list, create, read, delete; Pulp
 * has no update), under the access policy `<holder>/roles`.
 */
export function roleAssignmentEndpoints(names: RoleEndpointNames): {
  controller: Type<unknown>;
  provider: Type<unknown>;
} {
  const { holder, request, response } = names;
  const assignments = roleAssignmentsOf(holder);
  const filters = assignmentFilters(holder);
  const id = (suffix: string) => `${names.operationPrefix}_${suffix}`;
  const description = `Roles given to a ${holder.kind}: on the whole model, on a domain, or on one object.`;

  @ApiTags(names.tag)
  @MemberPlaceholder(names.placeholder)
  @AccessPolicy(`${holder.endpoint}/roles`)
  @Controller(holder.endpoint)
  class RoleAssignmentsController {
    constructor(@Inject(assignments) private readonly view: RoleAssignments) {}

    @Get(':pulp_id/roles')
    @MemberPlaceholder(names.holderPlaceholder)
    @ApiOperation({ operationId: id('list'), summary: 'List roles', description })
    @ApiList(response, filters)
    async list(
      @Param('pulp_id') pk: string,
      @Query() query: RawQuery,
      @Req() httpRequest: FastifyRequest,
    ): Promise<Page<Partial<RoleAssignmentResponse>>> {
      const holderId = await this.holder(pk);
      return listResponse(httpRequest, query, filters, (list) => this.view.listOf(holderId, list));
    }

    @Post(':pulp_id/roles')
    @MemberPlaceholder(names.holderPlaceholder)
    @ApiOperation({ operationId: id('create'), summary: 'Create a role', description })
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: request })
    @ApiCreatedResponse({ type: response, description: '' })
    async create(
      @Param('pulp_id') pk: string,
      @PulpBody(request) body: RoleAssignmentFields,
    ): Promise<RoleAssignmentResponse> {
      return this.view.assign(await this.holder(pk), body);
    }

    @Get(':holder_pk/roles/:pulp_id')
    @ApiOperation({ operationId: id('read'), summary: 'Inspect a role', description })
    @ApiOkResponse({ type: response, description: '' })
    async read(
      @Param('holder_pk') holderPk: string,
      @Param('pulp_id') pk: string,
      @Query() query: FieldSelection,
    ): Promise<Partial<RoleAssignmentResponse>> {
      const found = await this.view.findOf(await this.holder(holderPk), pk);
      return selectFields(orNotFound(found, holder.assignmentModel), query);
    }

    @Delete(':holder_pk/roles/:pulp_id')
    @HttpCode(204)
    @ApiOperation({ operationId: id('delete'), summary: 'Delete a role', description })
    @ApiNoContentResponse({ description: 'No response body' })
    async delete(@Param('holder_pk') holderPk: string, @Param('pulp_id') pk: string): Promise<void> {
      if (!(await this.view.remove(await this.holder(holderPk), pk))) {
        throw notFound(holder.assignmentModel);
      }
    }

    private async holder(pk: string): Promise<string> {
      const holderId = existingId(pk, holder.model);
      if (!(await this.view.holderExists(holderId))) {
        throw notFound(holder.model);
      }
      return holderId;
    }
  }
  return { controller: RoleAssignmentsController, provider: assignments };
}
