import { Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { currentDomain, isDefaultDomain } from '@pulp/domains';
import { PulpValidationError } from '@pulp/errors';
import { ANY_BODY, MemberPlaceholder } from '@pulp/http';
import { AccessPolicy, Creator } from '@pulp/rbac';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { GENERAL_DELETE_TASK, GENERAL_UPDATE_TASK } from '../typed/general.tasks';
import { LabelEndpoints } from '../typed/label-endpoints';
import { DeleteOperation, UpdateOperation } from '../typed/typed-operations';
import { domainDeletionRefusal } from './domain-deletion';
import { MIGRATE_BACKEND_TASK } from './domain-migration.task';
import { DomainBackendMigratorDto, DomainDto, DomainResponse, PatchedDomainDto } from './domain.dto';
import { DOMAIN_FILTERS, DomainView } from './domain-view';
import { DomainWrites } from './domain-writes';

const DESCRIPTION = 'ViewSet for Domain.\n\nNOTE: This API endpoint is in "tech preview" and subject to change';
const MIGRATE_DESCRIPTION =
  "Migrate the domain's storage backend to a new one.\n\n" +
  "Launches a background task to copy the domain's artifacts over to the supplied storage backend. Then " +
  "updates the domain's storage settings to the new storage backend. This task does not delete the stored " +
  'files of the artifacts from the previous backend.\n\n' +
  '**IMPORTANT** This task will block all other tasks within the domain until the migration is completed, ' +
  'essentially putting the domain into a read only state. Content will still be served from the old storage ' +
  "backend until the migration has completed, so don't remove the old backend until then. Note, this " +
  'endpoint is not allowed on the default domain.\n\n' +
  'This feature is in Tech Preview and is subject to future change and thus not guaranteed to be backwards ' +
  'compatible.';

/**
 * `domains/`: the tenants (Pulp's DomainViewSet). Create is synchronous (201); updates and deletes
 * are Pulp's general tasks holding the domain, an update that changes nothing answers 200 with the
 * domain. The `default` domain can be neither updated nor deleted. Served whether or not
 * DOMAIN_ENABLED is set, as Pulp serves it.
 */
@ApiTags('Domains')
@MemberPlaceholder('domain_href')
@AccessPolicy('domains')
@Controller('domains')
export class DomainsController extends LabelEndpoints({
  table: 'core_domain',
  operationPrefix: 'domains',
  placeholder: 'domain_href',
  status: 201,
}) {
  constructor(
    @Inject(SQL) override readonly sql: Sql,
    private readonly view: DomainView,
    private readonly writes: DomainWrites,
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
  ) {
    super();
  }

  @Get()
  @ApiOperation({ operationId: 'domains_list', summary: 'List domains', description: DESCRIPTION })
  @ApiList(DomainResponse, DOMAIN_FILTERS)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<DomainResponse>>> {
    return listResponse(request, query, DOMAIN_FILTERS, (list) => this.view.list(list));
  }

  @Post()
  @ApiOperation({ operationId: 'domains_create', summary: 'Create a domain', description: DESCRIPTION })
  @ApiConsumes(...ANY_BODY)
  @ApiBody({ type: DomainDto })
  @ApiCreatedResponse({ type: DomainResponse, description: '' })
  async create(@PulpBody(DomainDto) body: DomainDto, @Creator() creator: number | null): Promise<DomainResponse> {
    const id = await this.writes.create(body, creator);
    return orNotFound(await this.view.created(id), 'Domain');
  }

  /**
   * Pulp's storage migration of the domain the URL names (`/pulp/<domain>/api/v3/domains/migrate/`):
   * its task copies the domain's artifacts to the new storage, then switches the domain to it.
   */
  @Post('migrate')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'domains_migrate',
    summary: 'Migrate storage backend',
    description: MIGRATE_DESCRIPTION,
  })
  @ApiConsumes(...ANY_BODY)
  @ApiBody({ type: DomainBackendMigratorDto })
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async migrate(
    @PulpBody(DomainBackendMigratorDto) body: DomainBackendMigratorDto,
    @Req() request: RequestUser,
  ): Promise<AsyncOperationResponse> {
    // Outside a domain's URLs, requests are in `default`.
    const domain = currentDomain();
    if (!domain || isDefaultDomain(domain.name)) {
      throw new PulpValidationError(['Default domain can not be migrated.']);
    }
    const target = this.writes.migrationTarget(body);
    return dispatchAccepted(this.queue, this.settings, request, MIGRATE_BACKEND_TASK, {
      args: [target],
      kwargs: { domain_pk: domain.id },
      exclusiveResources: [domainResource(domain.id)],
    });
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'domains_read', summary: 'Inspect a domain', description: DESCRIPTION })
  @ApiOkResponse({ type: DomainResponse, description: '' })
  async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<DomainResponse>> {
    return selectFields(await this.found(pk), query);
  }

  @Put(':pulp_id')
  @UpdateOperation('domains_update', 'domain', DomainDto, DomainResponse, false)
  async update(
    @Param('pulp_id') pk: string,
    @PulpBody(DomainDto) body: DomainDto,
    @Req() request: RequestUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    return this.change(pk, body, false, request, reply);
  }

  @Patch(':pulp_id')
  @UpdateOperation('domains_partial_update', 'domain', PatchedDomainDto, DomainResponse, true)
  async partialUpdate(
    @Param('pulp_id') pk: string,
    @PulpBody(PatchedDomainDto) body: PatchedDomainDto,
    @Req() request: RequestUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    return this.change(pk, body, true, request, reply);
  }

  /** Refused at once (400) while anything of the user's is in the domain; its task checks again. */
  @Delete(':pulp_id')
  @DeleteOperation('domains_delete', 'domain')
  async delete(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
    const domain = await this.found(pk);
    if (isDefaultDomain(domain.name)) {
      throw new PulpValidationError(['Default domain can not be deleted.']);
    }
    const refusal = await domainDeletionRefusal(this.sql, pk, domain.name);
    if (refusal) {
      throw new PulpValidationError([refusal]);
    }
    return dispatchAccepted(this.queue, this.settings, request, GENERAL_DELETE_TASK, {
      kwargs: { master: 'domains', pk },
      exclusiveResources: [domainResource(pk)],
    });
  }

  /** The domain's body, or Pulp's 404. */
  override async found(pk: string): Promise<DomainResponse> {
    return orNotFound(isUuid(pk) && (await this.view.find(pk)), 'Domain');
  }

  override refuseLabelChange(domain: DomainResponse): void {
    refuseDefault(domain);
  }

  private async change(
    pk: string,
    body: Partial<DomainDto>,
    partial: boolean,
    request: RequestUser,
    reply: FastifyReply,
  ): Promise<object> {
    const current = await this.found(pk);
    refuseDefault(current);
    const data = await this.writes.changes(pk, body, partial);
    if (Object.keys(data).length === 0) {
      return current;
    }
    void reply.status(202);
    return dispatchAccepted(this.queue, this.settings, request, GENERAL_UPDATE_TASK, {
      kwargs: { master: 'domains', pk, data },
      exclusiveResources: [domainResource(pk)],
    });
  }
}

/** Its storage and flags are the global settings', and Pulp's model refuses any change to it. */
function refuseDefault(domain: DomainResponse): void {
  if (isDefaultDomain(domain.name)) {
    throw new PulpValidationError(['Default domain can not be updated.']);
  }
}

/** What a domain's update and delete tasks hold: the domain, as Pulp names it in locks. */
const domainResource = (pk: string) => `prn:core.domain:${pk}`;
