import { Controller, Query, Req } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import type { FastifyRequest } from 'fastify';
import type { RawQuery } from '@pulp/rest';
import { ContentGuardResponse, MultipleArtifactContentResponse } from './content.dto';
import { CONTENT_GUARD_FILTERS, ContentGuardView } from './content-guard-view';
import { contentFilters, ContentView } from './content-view';
import { DistributionResponse } from './distribution.dto';
import { DISTRIBUTION_FILTERS, DistributionView } from './distribution-view';
import { ListOperation, page } from './list-endpoint';
import { PublicationResponse } from './publication.dto';
import { PUBLICATION_FILTERS, PublicationView } from './publication-view';
import { GenericRemoteResponse } from './remote.dto';
import { REMOTE_FILTERS, RemoteView } from './remote-view';
import { RepositoryResponse, RepositoryVersionResponse } from './repository.dto';
import { REPOSITORY_FILTERS, RepositoryView } from './repository-view';
import { REPOSITORY_VERSION_FILTERS, RepositoryVersionView } from './repository-version-view';

/** Pulp documents this viewset with its base class's docstring. */
const NAMED_VIEWSET_DOCSTRING = `A customized named ModelViewSet that knows how to register itself with the Pulp API router.

This viewset is discoverable by its name.
"Normal" Django Models and Master/Detail models are supported by the \`\`register_with\`\` method.

Attributes:
    lookup_field (str): The name of the field by which an object should be looked up, in
        addition to any parent lookups if this ViewSet is nested. Defaults to 'pk'
    endpoint_name (str): The name of the final path segment that should identify the ViewSet's
        collection endpoint.
    nest_prefix (str): Optional prefix under which this ViewSet should be nested. This must
        correspond to the "parent_prefix" of a router with rest_framework_nested.NestedMixin.
        None indicates this ViewSet should not be nested.
    parent_lookup_kwargs (dict): Optional mapping of key names that would appear in self.kwargs
        to django model filter expressions that can be used with the corresponding value from
        self.kwargs, used only by a nested ViewSet to filter based on the parent object's
        identity.
    schema (DefaultSchema): The schema class to use by default in a viewset.`;

/**
 * The generic (master) lists: every type's repositories, versions, remotes, publications,
 * distributions, content guards and content, each object under its detail href. Read-only.
 */
@Controller()
export class MasterListsController {
  constructor(
    private readonly repositoryView: RepositoryView,
    private readonly versionView: RepositoryVersionView,
    private readonly remoteView: RemoteView,
    private readonly publicationView: PublicationView,
    private readonly distributionView: DistributionView,
    private readonly guardView: ContentGuardView,
    private readonly contentView: ContentView,
  ) {}

  @ListOperation({
    path: 'repositories',
    tag: 'Repositories',
    operationId: 'repositories_list',
    summary: 'List repositories',
    description: 'Endpoint to list all repositories.',
    item: RepositoryResponse,
    filters: REPOSITORY_FILTERS,
  })
  repositories(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.repositoryView);
  }

  @ListOperation({
    path: 'repository_versions',
    tag: 'Repository_Versions',
    operationId: 'repository_versions_list',
    summary: 'List repository versions',
    description: 'A mixin to hold the shared get_queryset logic used by RepositoryVersionViewSets.',
    item: RepositoryVersionResponse,
    filters: REPOSITORY_VERSION_FILTERS,
  })
  versions(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.versionView);
  }

  @ListOperation({
    path: 'remotes',
    tag: 'Remotes',
    operationId: 'remotes_list',
    summary: 'List remotes',
    description: NAMED_VIEWSET_DOCSTRING,
    item: GenericRemoteResponse,
    filters: REMOTE_FILTERS,
  })
  remotes(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.remoteView);
  }

  @ListOperation({
    path: 'publications',
    tag: 'Publications',
    operationId: 'publications_list',
    summary: 'List publications',
    description: 'A base class for any publication viewset.',
    item: PublicationResponse,
    filters: PUBLICATION_FILTERS,
  })
  publications(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.publicationView);
  }

  @ListOperation({
    path: 'distributions',
    tag: 'Distributions',
    operationId: 'distributions_list',
    summary: 'List distributions',
    description: 'Provides base viewset for Distributions.',
    item: DistributionResponse,
    filters: DISTRIBUTION_FILTERS,
  })
  distributions(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.distributionView);
  }

  @ListOperation({
    path: 'contentguards',
    tag: 'Contentguards',
    operationId: 'contentguards_list',
    summary: 'List content guards',
    description: 'Endpoint to list all contentguards.',
    item: ContentGuardResponse,
    filters: CONTENT_GUARD_FILTERS,
  })
  contentGuards(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.guardView);
  }

  @ListOperation({
    path: 'content',
    tag: 'Content',
    operationId: 'content_list',
    summary: 'List content',
    description: 'Endpoint to list all content.',
    item: MultipleArtifactContentResponse,
    // The documented parameters do not depend on the protection time.
    filters: contentFilters(new PulpSettings().ORPHAN_PROTECTION_TIME),
  })
  content(@Query() query: RawQuery, @Req() request: FastifyRequest) {
    return page(request, query, this.contentView);
  }
}
