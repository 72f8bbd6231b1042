import { Global, Injectable, Module } from '@nestjs/common';
import { GenerationCache, TableChanges, TableChangesModule } from '@pulp/database';

/** A page of a list as fetched: its total count and its bodies. */
export interface CachedPage {
  count: number;
  results: unknown[];
}

/**
 * The API's list pages, cached while the tables they come from do not change (TableChanges): a
 * deep page of a million-row list or its count costs SQL once per change, not once per request.
 */
@Injectable()
export class CachedLists {
  private readonly cache = new GenerationCache<CachedPage>();

  constructor(private readonly changes: TableChanges) {}

  async read<T extends CachedPage>(key: string, fetch: () => Promise<T>): Promise<T> {
    // Read before fetching: a change committed meanwhile makes this entry stale at once.
    const generation = this.changes.generation();
    if (generation === undefined) {
      return fetch();
    }
    const cached = this.cache.get(key, generation);
    if (cached) {
      return cached as T;
    }
    const page = await fetch();
    this.cache.set(key, generation, page);
    return page;
  }
}

/** Provides CachedLists to every RowView of the process (and the process's TableChanges listener to other caches). */
@Global()
@Module({ imports: [TableChangesModule], providers: [CachedLists], exports: [CachedLists] })
export class CachedListsModule {}
