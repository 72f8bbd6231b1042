import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ArtifactStorage, type ByteRange } from './artifact-storage';

/** Read size when serving: large files go out in fewer, bigger writes (Pulp's ArtifactResponse uses 256 KiB). */
const READ_CHUNK = 256 * 1024;

/** `pulpcore.app.models.storage.FileSystem`: files under MEDIA_ROOT. */
export class FileSystemStorage extends ArtifactStorage {
  /** The directory files are stored under (MEDIA_ROOT, or a domain's `location`). */
  readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async replace(name: string, localPath: string): Promise<void> {
    const target = this.path(name);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
        throw error;
      }
      // Temp dir on another filesystem: copy beside the target, then rename, so readers never see half a file.
      const partial = `${target}.partial-${randomUUID()}`;
      try {
        await copyFile(localPath, partial);
        await rename(partial, target);
      } finally {
        await unlink(partial).catch(() => undefined);
      }
      await unlink(localPath);
    }
  }

  read(name: string, range?: ByteRange): Readable {
    return createReadStream(this.path(name), range && { start: range.start, end: range.end });
  }

  async open(name: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.path(name), { ...range, highWaterMark: READ_CHUNK });
    await once(stream, 'ready');
    return stream;
  }

  async size(name: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(name))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await unlink(this.path(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }

  /** The absolute path of a name; a name that would leave the root is refused. */
  path(name: string): string {
    const path = resolve(join(this.root, name));
    if (!path.startsWith(this.root + sep)) {
      throw new Error(`Storage name "${name}" leaves the storage root`);
    }
    return path;
  }
}
