import { Injectable } from '@nestjs/common';
import { GenerationCache, TableChanges } from '@pulp/database';

/**
 * The tables what the content app serves is read from. Its caches hold while none of them changes
 * (TableChanges.generationOf); writes elsewhere (tasks, uploads in progress) keep them.
 */
export const SERVED_TABLES = [
  'core_distribution',
  'core_publication',
  'core_publishedartifact',
  'core_publishedmetadata',
  'core_repositoryversion',
  'core_repositorycontent',
  'core_contentartifact',
  'core_artifact',
  'core_remoteartifact',
  'core_remote',
  'core_contentguard',
  'core_headercontentguard',
  'core_compositecontentguard_guards',
] as const;

/** Reads from the served tables, remembered until one of them changes: a hot request costs no SQL. */
@Injectable()
export class ServedTables {
  constructor(private readonly changes: TableChanges) {}

  /** The current generation, or undefined while changes cannot be followed (nothing is cached then). */
  generation(): number | undefined {
    return this.changes.generationOf(SERVED_TABLES);
  }

  /** Forgets everything read so far (this process changed what it serves: an on-demand save). */
  invalidate(): void {
    this.changes.bump();
  }

  /** `load()`'s answer for `key`, shared by concurrent callers; a failure is not remembered. */
  cached<T>(cache: GenerationCache<Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const generation = this.generation();
    if (generation === undefined) {
      return load();
    }
    const hit = cache.get(key, generation);
    if (hit) {
      return hit;
    }
    const loading = load();
    cache.set(key, generation, loading);
    loading.catch(() => cache.delete(key));
    return loading;
  }
}
