import { Injectable } from '@nestjs/common';
import { GenerationCache, TableChanges } from '@pulp/database';
import { DatabaseOutage } from './database-outage';

/** Which tables a cache of the content app is read from: it holds while none of them changes. */
export type TableSet = readonly string[];

/** Distributions, as the index of base paths holds them. */
export const DISTRIBUTION_TABLES: TableSet = ['core_distribution'];
/** What a distribution serves from: its publication, version or repository. */
export const SOURCE_TABLES: TableSet = ['core_distribution', 'core_publication', 'core_repositoryversion'];
/** The files of publications and versions, and where their bytes are. */
export const FILE_TABLES: TableSet = [
  'core_publication',
  'core_publishedartifact',
  'core_publishedmetadata',
  'core_repositoryversion',
  'core_repositorycontent',
  'core_contentartifact',
  'core_artifact',
  'core_remoteartifact',
];
/**
 * Every watched table: content guards are read by their types' loaders, a plugin's among them,
 * from tables core does not know (each notifies its changes, docs/plugins.md).
 */
export const ALL_TABLES = undefined;

/**
 * Reads from the tables served content comes from, remembered until one of them changes (every
 * committed write is announced by PostgreSQL, TableChanges): a hot request costs no SQL, and a
 * sync writing content elsewhere keeps the distributions, sources and guards cached. While the
 * database cannot be reached, what was read last is served (nothing can change it meanwhile).
 */
@Injectable()
export class ServedTables {
  constructor(
    private readonly changes: TableChanges,
    private readonly outage: DatabaseOutage,
  ) {}

  /** The generation of `tables` (all of them when undefined), or undefined while changes cannot be followed. */
  generation(tables: TableSet | undefined): number | undefined {
    return tables ? this.changes.generationOf(tables) : this.changes.generation();
  }

  /** Calls `listener` whenever generations may have moved (TableChanges.onChange); returns the unsubscriber. */
  onChange(listener: () => void): () => void {
    return this.changes.onChange(listener);
  }

  /** This process changed `tables` (an on-demand save): what was read from them is stale at once. */
  touched(tables: TableSet): void {
    this.changes.touched(tables);
  }

  /**
   * `load()`'s answer for `key`, shared by concurrent callers, while `tables` do not change; a failure
   * is not remembered. When the database cannot be reached, the answer last loaded (of any generation).
   */
  cached<T>(
    cache: GenerationCache<Promise<T>>,
    tables: TableSet | undefined,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const generation = this.generation(tables);
    const hit = generation === undefined ? undefined : cache.get(key, generation);
    if (hit) {
      return hit;
    }
    const previous = cache.latest(key);
    const loading: Promise<T> = load().catch((error: unknown) => {
      if (!previous || !this.outage.noticed(error)) {
        throw error;
      }
      cache.restoreIf(key, loading, previous);
      return previous.value;
    });
    if (generation !== undefined) {
      cache.set(key, generation, loading);
      loading.catch(() => cache.deleteIf(key, loading));
    }
    return loading;
  }
}
