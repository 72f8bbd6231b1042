/** Positional parameters (`$1`, `$2`, …) collected while a WHERE clause is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly offset = 0) {}

  /** Adds a value and returns its placeholder, cast when a type is given (`$3::uuid`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.offset + this.values.length}${cast ? `::${cast}` : ''}`;
  }
}
