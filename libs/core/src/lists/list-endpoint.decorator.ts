import { applyDecorators, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiList, type FilterSet } from '@pulp/rest';

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
    ApiTags(endpoint.tag),
    ApiOperation({
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      description: endpoint.description,
    }),
    ApiList(endpoint.item, endpoint.filters),
  );
