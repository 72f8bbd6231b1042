import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import { AccessPolicy } from '@pulp/rbac';
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
import { DetailTypes } from '../detail-types/detail-types';
import { RepositoryVersionResponse } from '../lists/repository.dto';
import { REPOSITORY_VERSION_FILTERS, RepositoryVersionView } from '../lists/repository-version-view';
import { RepairDto } from '../repair/repair.dto';
import { REPAIR_VERSION_TASK } from '../repair/repair.task';
import { PROTECTED_VERSION } from '../repository/squash';

/** The part of a repository type the versions endpoints need (see RepositoryType). */
export interface VersionedType {
  pulpType: string;
  segment: string;
  operationPrefix: string;
  placeholder: string;
  tag: string;
  /** The schema's member placeholder of a version: `file_file_repository_version_href`. */
  versionPlaceholder: string;
}

/** The view finding the type's repositories (its typed view, which leaves hidden ones out). */
interface RepositoryFinder {
  find(id: string): Promise<unknown>;
}

export const DELETE_VERSION_TASK = 'pulpcore.app.tasks.repository.delete_version';

const PROTECTED =
  'The repository version cannot be deleted because it (or its publications) are currently being used to ' +
  'distribute content. Please update the necessary distributions first.';

/**
 * `<repository>versions/` of one repository type: list (Pulp's RepositoryVersion filterset), read,
 * delete (a task holding the repository; 400 while a distribution serves the version) and repair
 * (a task sharing the repository). A version's href stands for its repository and number, so its
 * routes carry both and the schema shows one `{<type>_version_href}` placeholder.
 */
export function typedVersionsController(type: VersionedType, repositoryView: Type<RepositoryFinder>): Type<unknown> {
  const id = (suffix: string) => `${type.operationPrefix}_versions_${suffix}`;
  const description = 'A repository version: the content of its repository at one point in time.';

  @ApiTags(`${type.tag} Versions`)
  @MemberPlaceholder(type.versionPlaceholder)
  // Pulp's nested viewset: `repositories/file/file/versions`.
  @AccessPolicy(`repositories/${type.segment}/versions`)
  @Controller(`repositories/${type.segment}`)
  class TypedVersionsController {
    constructor(
      @Inject(repositoryView) private readonly repositories: RepositoryFinder,
      private readonly versions: RepositoryVersionView,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) private readonly sql: Sql,
    ) {}

    // The collection hangs below the repository's own href.
    @Get(':pulp_id/versions')
    @MemberPlaceholder(type.placeholder)
    @ApiOperation({ operationId: id('list'), summary: 'List repository versions', description })
    @ApiList(RepositoryVersionResponse, REPOSITORY_VERSION_FILTERS)
    async list(
      @Param('pulp_id') pk: string,
      @Query() query: RawQuery,
      @Req() request: FastifyRequest,
    ): Promise<Page<Partial<RepositoryVersionResponse>>> {
      await this.repository(pk);
      return listResponse(request, query, REPOSITORY_VERSION_FILTERS, (list) => this.versions.listOf(pk, list));
    }

    @Get(':repository_pk/versions/:pulp_id')
    @ApiOperation({ operationId: id('read'), summary: 'Inspect a repository version', description })
    @ApiOkResponse({ type: RepositoryVersionResponse, description: '' })
    async read(
      @Param('repository_pk') repositoryPk: string,
      @Param('pulp_id') number: string,
      @Query() query: FieldSelection,
    ): Promise<Partial<RepositoryVersionResponse>> {
      return selectFields((await this.version(repositoryPk, number)).body, query);
    }

    @Delete(':repository_pk/versions/:pulp_id')
    @HttpCode(202)
    @ApiOperation({
      operationId: id('delete'),
      summary: 'Delete a repository version',
      description: 'Trigger an asynchronous task to delete a repository version.',
    })
    @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
    async delete(
      @Param('repository_pk') repositoryPk: string,
      @Param('pulp_id') number: string,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      const version = await this.version(repositoryPk, number);
      const served = await this.sql(
        `SELECT 1 FROM core_repositoryversion v WHERE v.pulp_id = $1 AND ${PROTECTED_VERSION}`,
        [version.id],
      );
      if (served.length > 0) {
        throw new PulpValidationError([PROTECTED]);
      }
      return dispatchAccepted(this.queue, this.settings, request, DELETE_VERSION_TASK, {
        kwargs: { pk: version.id },
        exclusiveResources: [this.prn(repositoryPk)],
      });
    }

    @Post(':repository_pk/versions/:pulp_id/repair')
    @HttpCode(202)
    // Pulp's schema has no summary for this one.
    @ApiOperation({
      operationId: id('repair'),
      description: 'Trigger an asynchronous task to repair a repository version.',
    })
    @ApiConsumes(...ANY_BODY)
    @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
    async repair(
      @Param('repository_pk') repositoryPk: string,
      @Param('pulp_id') number: string,
      @PulpBody() body: RepairDto,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      const version = await this.version(repositoryPk, number);
      return dispatchAccepted(this.queue, this.settings, request, REPAIR_VERSION_TASK, {
        kwargs: { repository_version_pk: version.id, verify_checksums: body.verify_checksums ?? true },
        sharedResources: [this.prn(repositoryPk)],
      });
    }

    private prn(pk: string): string {
      return this.types.prn('repositories', type.pulpType, pk);
    }

    private async repository(pk: string): Promise<void> {
      orNotFound(isUuid(pk) && (await this.repositories.find(pk)), 'Repository');
    }

    private async version(
      repositoryPk: string,
      number: string,
    ): Promise<{ id: string; body: RepositoryVersionResponse }> {
      await this.repository(repositoryPk);
      const found = /^\d{1,9}$/.test(number) ? await this.versions.findNumber(repositoryPk, Number(number)) : undefined;
      return orNotFound(found, 'RepositoryVersion');
    }
  }

  return TypedVersionsController;
}
