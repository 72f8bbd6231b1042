/**
 * Small artifact files kept in memory, least recently used dropped first beyond `capacity` bytes.
 * Artifacts are content-addressed and never change under their name, so an entry needs no
 * invalidation: a hot small file costs neither SQL (the lookup cache) nor a file read.
 */
export class HotFiles {
  private readonly files = new Map<string, Buffer>();
  private bytes = 0;

  constructor(
    readonly maxFileSize: number,
    private readonly capacity: number,
  ) {}

  get(name: string): Buffer | undefined {
    const file = this.files.get(name);
    if (file) {
      // Map keeps insertion order: re-inserted, it becomes the most recently used.
      this.files.delete(name);
      this.files.set(name, file);
    }
    return file;
  }

  set(name: string, file: Buffer): void {
    if (file.length > this.maxFileSize || this.files.has(name)) {
      return;
    }
    this.files.set(name, file);
    this.bytes += file.length;
    for (const [oldest, dropped] of this.files) {
      if (this.bytes <= this.capacity) {
        break;
      }
      this.files.delete(oldest);
      this.bytes -= dropped.length;
    }
  }

  get size(): number {
    return this.bytes;
  }
}
