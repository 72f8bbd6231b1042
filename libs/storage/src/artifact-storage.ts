import { stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** A byte range of a stored file, both ends inclusive (as in HTTP's Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where artifact files live, by storage-relative name (`artifact/ab/cdef…`). The filesystem driver
 * is the first; object storage drivers implement the same contract.
 */
export abstract class ArtifactStorage {
  /**
   * Moves a finished local file into storage under `name`; a name that exists already keeps its
   * file. True when this call stored it (a caller whose transaction then fails removes it again).
   */
  async put(name: string, localPath: string): Promise<boolean> {
    const [stored, local] = await Promise.all([this.size(name), stat(localPath)]);
    // Content-addressed: a stored file of the same size has these bytes. One of another size is a
    // broken write (an upload cut off by a killed process, on a server that does not check
    // lengths) and is replaced.
    if (stored === local.size) {
      await unlink(localPath);
      return false;
    }
    await this.replace(name, localPath);
    return true;
  }

  /** Moves a local file into storage under `name`, atomically replacing what is there (a repaired file). */
  abstract replace(name: string, localPath: string): Promise<void>;
  /** The file's bytes (or a range of them). */
  abstract read(name: string, range?: ByteRange): Readable;
  /**
   * The file's bytes (or a range of them) once the file is open: a missing file rejects before the
   * caller has sent anything.
   */
  abstract open(name: string, range?: ByteRange): Promise<Readable>;
  /**
   * A URL the client can fetch the file from directly (object storage presigning it for `method`,
   * answering with `headers`). A storage without it (the filesystem) has the content app stream
   * the file itself, decided once rather than asked per request.
   */
  signedUrl?(name: string, options: { method: string; headers: Record<string, string> }): Promise<string>;
  /** Seconds a signedUrl stays valid: a cached redirect must not outlive it. */
  readonly signedUrlLifetime?: number;
  /**
   * Rejects, saying why, when the storage cannot be used (object storage: the bucket does not
   * answer with these credentials); `pulpcore-manager check` asks. A filesystem root is checked
   * by the path warnings instead.
   */
  probe(): Promise<void> {
    return Promise.resolve();
  }

  /** The stored size, or undefined when there is no such file. */
  abstract size(name: string): Promise<number | undefined>;
  /** Removes the file; a missing file is not an error (cleanup may run twice). */
  abstract delete(name: string): Promise<void>;
}

/**
 * Storage name of the artifact with this sha256: content-addressed, fanned out by its first byte.
 * A domain other than `default` gives its id (Pulp's get_artifact_path): two domains configured
 * with the same bucket or directory then never share, or delete, each other's files.
 */
export function artifactName(sha256: string, domainId?: string): string {
  const domain = domainId === undefined ? '' : `${domainId}/`;
  return `artifact/${domain}${sha256.slice(0, 2)}/${sha256.slice(2)}`;
}
