/** A page of a list as fetched: its total count and its bodies. */
export interface CachedPage {
  count: number;
  results: unknown[];
}

/**
 * List pages kept in memory, each valid for the table-change generation it was read at (see
 * TableChanges): a hit costs no SQL, a page read before the latest committed change is never
 * served. Least recently used pages go first beyond `capacity`.
 */
export class ListCache {
  private readonly pages = new Map<string, { generation: number; page: CachedPage }>();

  constructor(private readonly capacity = 256) {}

  get(key: string, generation: number): CachedPage | undefined {
    const entry = this.pages.get(key);
    if (!entry || entry.generation !== generation) {
      return undefined;
    }
    // Re-inserted: Map keeps insertion order, so the first key is the least recently used.
    this.pages.delete(key);
    this.pages.set(key, entry);
    return entry.page;
  }

  set(key: string, generation: number, page: CachedPage): void {
    this.pages.delete(key);
    this.pages.set(key, { generation, page });
    if (this.pages.size > this.capacity) {
      this.pages.delete(this.pages.keys().next().value!);
    }
  }
}
