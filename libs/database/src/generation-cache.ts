/**
 * Values kept in memory, each valid for the table-change generation it was read at (see
 * TableChanges): a hit costs no SQL, a value read before the latest committed change is never
 * returned. Least recently used values go first beyond `capacity`.
 */
export class GenerationCache<T> {
  private readonly values = new Map<string, { generation: number; value: T }>();

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
