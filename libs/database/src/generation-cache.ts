/** A value and the generation it was read at. */
export interface CachedValue<T> {
  generation: number;
  value: T;
}

/**
 * Values kept in memory, each valid for the table-change generation it was read at (see
 * TableChanges): a hit costs no SQL, a value read before the latest committed change is never
 * returned. Least recently used values go first beyond `capacity`.
 */
export class GenerationCache<T> {
  private readonly values = new Map<string, CachedValue<T>>();

  constructor(private readonly capacity = 256) {}

  get(key: string, generation: number): T | undefined {
    const entry = this.values.get(key);
    if (!entry || entry.generation !== generation) {
      return undefined;
    }
    // Re-inserted: Map keeps insertion order, so the first key is the least recently used.
    this.values.delete(key);
    this.values.set(key, entry);
    return entry.value;
  }

  /**
   * What `key` last held, whatever its generation: a value to fall back on while nothing newer can
   * be read (the database is unreachable).
   */
  latest(key: string): CachedValue<T> | undefined {
    return this.values.get(key);
  }

  /** Puts `previous` (from latest()) back if `key` still holds `value`: a failed reload must not lose it. */
  restoreIf(key: string, value: T, previous: CachedValue<T>): void {
    if (this.values.get(key)?.value === value) {
      this.set(key, previous.generation, previous.value);
    }
  }

  /** Drops `key` if it still holds `value` (a newer value stored meanwhile stays). */
  deleteIf(key: string, value: T): void {
    if (this.values.get(key)?.value === value) {
      this.values.delete(key);
    }
  }

  set(key: string, generation: number, value: T): void {
    this.values.delete(key);
    this.values.set(key, { generation, value });
    if (this.values.size > this.capacity) {
      this.values.delete(this.values.keys().next().value!);
    }
  }
}
