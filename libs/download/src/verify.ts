import { unlink } from 'node:fs/promises';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type Digests, type HashedFile } from '@pulp/storage/hashed-file';
import { DownloadError, redactUrl } from './download-error';

/** What the caller knows about the file beforehand (from a manifest or a remote artifact). */
export interface ExpectedFile extends Digests {
  size?: number | null;
}

/** The digests to compute: the caller's plus every one it expects, since those must be checked. */
export function algorithmsFor(wanted: readonly ChecksumAlgorithm[], expected: ExpectedFile = {}): ChecksumAlgorithm[] {
  return CHECKSUM_ALGORITHMS.filter((algorithm) => wanted.includes(algorithm) || expected[algorithm]);
}

/**
 * Checks the downloaded file against what was expected; on a mismatch the file is removed and the error
 * names the URL and what differed, as Pulp's DigestValidationError and SizeValidationError do.
 */
export async function verifyFile(file: HashedFile, expected: ExpectedFile, url: string): Promise<HashedFile> {
  const mismatch = findMismatch(file, expected, redactUrl(url));
  if (mismatch) {
    await unlink(file.path).catch(() => undefined);
    throw mismatch;
  }
  return file;
}

function findMismatch(file: HashedFile, expected: ExpectedFile, url: string): DownloadError | undefined {
  if (expected.size !== undefined && expected.size !== null && expected.size !== file.size) {
    return new DownloadError(
      'size',
      `A file located at the url ${url} failed validation due to size. Expected '${expected.size}', Actual '${file.size}'`,
    );
  }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const want = expected[algorithm];
    if (want && want.toLowerCase() !== file.digests[algorithm]) {
      return new DownloadError(
        'digest',
        `A file located at the url ${url} failed validation due to ${algorithm} checksum. ` +
          `Expected '${want}', Actual '${file.digests[algorithm]}'`,
      );
    }
  }
  return undefined;
}
