export { ApiList, LIST_EXTENSION, type ListExtension } from './api-list.decorator';
export { FilterValueError } from './filter-error';
export { ownValue } from './own-key';
export {
  columnOrdering,
  commaList,
  DATETIME_LOOKUPS,
  fieldFilters,
  humanize,
  isUuid,
  likeLiteral,
  modelFilterSet,
  NAME_LOOKUPS,
  NUMERIC_NULLABLE_LOOKUPS,
  parseBoolean,
  parseDateTime,
  parseUuid,
  parseWholeNumber,
  type DatabaseRefusal,
  type Filter,
  type FilterSet,
  type Lookup,
  type ValueKind,
} from './filters';
export { identityFilters, parsePrn, referencedId } from './identity-filters';
export { integerId, integerIdentityFilters } from './integer-keys';
export { labelSelectFilter, parseLabelSelect, type LabelTerm } from './label-select';
export {
  parseObjectReference,
  parseVersionReference,
  versionCondition,
  VERSION_ROW,
  type VersionColumns,
  type VersionReference,
} from './version-reference';
export { relatedFilter, relatedListFilter, type RelatedFilterDoc } from './related-filters';
export { DEFAULT_PAGE_SIZE, parseListQuery, type ListQuery, type RawQuery } from './list-query';
export { pageOf, type Page } from './page';
export { SqlParams } from './sql-params';
export { fetchPage, type QueryRows } from './fetch-page';
export {
  HIDDEN_FIELDS_PROPERTY,
  LABELS_PROPERTY,
  PulpObjectResponse,
  PulpReferenceResponse,
  type HiddenField,
} from './pulp-object.dto';
export { readResponse } from './read-response';
export { selectFields, type FieldSelection } from './field-selection';
export { listResponse } from './list-response';
export { durationString } from './duration';
export { orNotFound } from './not-found';
export { RowView, type RowSource } from './row-view';
export { ROW_SCOPES, type ObjectScope, type RowScope, type RowScopes } from './row-scope';
export { parseBody, pythonType } from './body/parse-body';
export { PulpBody } from './body/pulp-body.decorator';
export { CachedLists, CachedListsModule } from './cached-lists';
export {
  COLUMNS,
  columnProblem,
  holdsNul,
  integerRangeProblem,
  INTEGER_RANGES,
  LandsIn,
  NULL_CHARACTERS,
  type ColumnKind,
  type IntegerColumn,
} from './column-values';
