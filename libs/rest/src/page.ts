import type { ListQuery } from './list-query';

/** DRF's limit/offset envelope, which every Pulp list answers with. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * The page for `results` out of `count`, with absolute `next`/`previous` links that keep the
 * request's other parameters (sorted, as DRF writes them); `previous` drops `offset` at 0.
 */
export function pageOf<T>(results: T[], count: number, list: ListQuery, requestUrl: string): Page<T> {
  const link = (offset: number | undefined) => {
    const url = new URL(requestUrl);
    const params = new URLSearchParams(url.search);
    params.set('limit', String(list.limit));
    if (offset === undefined) {
      params.delete('offset');
    } else {
      params.set('offset', String(offset));
    }
    params.sort();
    url.search = params.toString();
    return url.toString();
  };
  const previousOffset = list.offset - list.limit;
  return {
    count,
    next: list.offset + list.limit < count ? link(list.offset + list.limit) : null,
    previous: list.offset <= 0 ? null : link(previousOffset > 0 ? previousOffset : undefined),
    results,
  };
}
