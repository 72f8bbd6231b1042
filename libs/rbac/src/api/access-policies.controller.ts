import { Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  readResponse,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AccessPolicy } from '../access-policy.decorator';

import { RbacCatalogues } from '../catalogue/rbac-catalogues';
import { AccessPolicyDto, AccessPolicyResponse, PatchedAccessPolicyDto } from './access-policy.dto';
import { ACCESS_POLICY_FILTERS, AccessPolicyView } from './access-policy-view';
import { policyChanges } from './policy-body';

const DESCRIPTION = 'ViewSet for AccessPolicy.';
const MODEL = 'AccessPolicy';

/**
 * `access_policies/`: the stored policy of every viewset that has one. An admin's change marks the
 * policy customized (migrate no longer replaces it); reset puts the catalogue's default back.
 */
@ApiTags('Access_Policies')
@MemberPlaceholder('access_policy_href')
@AccessPolicy('access_policies')
@Controller('access_policies')
export class AccessPoliciesController {
  constructor(
    private readonly policies: AccessPolicyView,
    private readonly catalogues: RbacCatalogues,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'access_policies_list', summary: 'List access policys', description: DESCRIPTION })
  @ApiList(AccessPolicyResponse, ACCESS_POLICY_FILTERS)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<AccessPolicyResponse>>> {
    return listResponse(request, query, ACCESS_POLICY_FILTERS, (list) => this.policies.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'access_policies_read', summary: 'Inspect an access policy', description: DESCRIPTION })
  @ApiOkResponse({ type: AccessPolicyResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<AccessPolicyResponse>> {
    return readResponse(this.policies, id, query, MODEL);
  }

  @Put(':pulp_id')
  @ApiOperation({ operationId: 'access_policies_update', summary: 'Update an access policy', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: AccessPolicyResponse, description: '' })
  async update(@Param('pulp_id') id: string, @PulpBody() body: AccessPolicyDto): Promise<AccessPolicyResponse> {
    return this.customize(id, body);
  }

  @Patch(':pulp_id')
  @ApiOperation({
    operationId: 'access_policies_partial_update',
    summary: 'Update an access policy',
    description: DESCRIPTION,
  })
  @ApiConsumes(...ANY_BODY)
  @ApiOkResponse({ type: AccessPolicyResponse, description: '' })
  async partialUpdate(
    @Param('pulp_id') id: string,
    @PulpBody() body: PatchedAccessPolicyDto,
  ): Promise<AccessPolicyResponse> {
    return this.customize(id, body);
  }

  @Post(':pulp_id/reset')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'access_policies_reset',
    summary: 'Reset the access policy to its uncustomized default value.',
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: AccessPolicyResponse, description: '' })
  async reset(@Param('pulp_id') id: string): Promise<AccessPolicyResponse> {
    const stored = await this.policy(id);
    const policy = this.catalogues.defaultPolicy(stored.viewset_name);
    if (!policy) {
      // A policy left by a plugin no longer loaded: there is no default to go back to.
      throw new PulpValidationError([`No default access policy is known for ${stored.viewset_name}.`]);
    }
    return orNotFound(await this.policies.reset(id, policy), MODEL);
  }

  private async customize(id: string, body: AccessPolicyDto | PatchedAccessPolicyDto): Promise<AccessPolicyResponse> {
    await this.policy(id);
    return orNotFound(await this.policies.customize(id, policyChanges(body)), MODEL);
  }

  private async policy(id: string): Promise<AccessPolicyResponse> {
    return orNotFound(isUuid(id) && (await this.policies.find(id)), MODEL);
  }
}
