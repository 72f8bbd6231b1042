import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiExtraModels } from '@nestjs/swagger';
import type { FilterSet } from './filters';
import { listParameters } from './list-parameters';

/** Operation extension the API's schema normaliser turns into list parameters and a paginated response. */
export const LIST_EXTENSION = 'x-pulp-list';

/** What LIST_EXTENSION carries. */
export interface ListExtension {
  /** Component name of one result; the response is `Paginated<item>List`. */
  item: string;
  parameters: Array<Record<string, unknown>>;
}

/**
 * Declares a list operation: answered with `Paginated<Item>List` and documented with the pagination,
 * filter, ordering and `q` parameters of `set` (none but pagination when a list has no filterset).
 */
export const ApiList = (item: abstract new (...args: never[]) => unknown, set?: FilterSet) =>
  applyDecorators(
    ApiExtraModels(item),
    ApiExtension(LIST_EXTENSION, {
      item: componentName(item),
      parameters: listParameters(set),
    } satisfies ListExtension),
  );

/** The component a class becomes: the name `@ApiSchema` gives it (the last one, a subclass's), else its own. */
function componentName(item: abstract new (...args: never[]) => unknown): string {
  const schemas = (Reflect.getMetadata('swagger/apiSchema', item) ?? []) as Array<{ name?: string }>;
  return schemas.filter((schema) => schema.name).at(-1)?.name ?? item.name;
}
