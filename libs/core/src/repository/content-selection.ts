/**
 * Content to add to or remove from a new version: ids, or a query whose only column is content ids
 * (parameters `$1…$n` of its own), so a plugin can pass "everything this sync saw" without reading it.
 */
export type ContentSelection = readonly string[] | ContentQuery;

export interface ContentQuery {
  text: string;
  params: readonly unknown[];
}

/** The selection as a query; a statement embedding it numbers its own parameters after `params`. */
export function selectionQuery(selection: ContentSelection): ContentQuery {
  return 'text' in selection ? selection : { text: 'SELECT unnest($1::uuid[])', params: [selection] };
}
