import { applyDecorators, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AccessPolicy } from '@pulp/rbac';
import { ApiList, listResponse, type FilterSet, type ListQuery, type Page, type RawQuery } from '@pulp/rest';

/** A list operation as Pulp's schema declares it. */
export interface ListEndpoint {
  /** Route below the controller's path (`''` for the collection itself). */
  path: string;
  tag: string;
  operationId: string;
  summary: string;
  description: string;
  item: abstract new (...args: never[]) => unknown;
  filters: FilterSet;
}

/** Routes and documents one list operation. */
export const ListOperation = (endpoint: ListEndpoint) =>
  applyDecorators(
    Get(endpoint.path),
    // A list below the API root is its own viewset (`repositories`); one below a controller's path is the controller's.
    ...(endpoint.path ? [AccessPolicy(endpoint.path)] : []),
    ApiTags(endpoint.tag),
    ApiOperation({
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      description: endpoint.description,
    }),
    ApiList(endpoint.item, endpoint.filters),
  );

/** A view a generic list reads: its filterset and its pages. */
interface ListedView<T> {
  readonly filters: FilterSet;
  list(list: ListQuery): Promise<{ count: number; results: T[] }>;
}

/** One page of a generic list, read with its view's filterset. */
export function page<T extends object>(
  request: FastifyRequest,
  query: RawQuery,
  view: ListedView<T>,
): Promise<Page<Partial<T>>> {
  return listResponse(request, query, view.filters, (list) => view.list(list));
}
