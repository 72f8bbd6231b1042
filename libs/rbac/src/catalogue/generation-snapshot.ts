/**
 * A value read as a whole and kept while a table-change generation stays the same (undefined: changes
 * cannot be followed, so every get reads). Concurrent gets share one read; a failed read is not kept.
 */
export class GenerationSnapshot<T> {
  private cached?: { generation: number; value: Promise<T> };

  constructor(
    private readonly read: () => Promise<T>,
    private readonly generation: () => number | undefined,
  ) {}

  get(): Promise<T> {
    const generation = this.generation();
    if (generation === undefined) {
      return this.read();
    }
    if (this.cached?.generation !== generation) {
      const value = this.read();
      const cached = { generation, value };
      this.cached = cached;
      value.catch(() => {
        if (this.cached === cached) {
          this.cached = undefined;
        }
      });
    }
    return this.cached.value;
  }
}
