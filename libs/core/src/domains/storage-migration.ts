import { unlink } from 'node:fs/promises';
import { PulpError } from '@pulp/errors';
import type { ArtifactStorage } from '@pulp/storage';
import { writeHashedFile } from '@pulp/storage/hashed-file';

/** An artifact file to copy: its storage name, the size its row records, its sha256 (for messages). */
export interface MigratedFile {
  file: string;
  size: number | string;
  sha256: string;
}

/**
 * Copies one artifact file from `from` to `to` unless `to` has it already (a file of the recorded
 * size: names are content addressed, so a migration that died resumes where it stopped). The bytes
 * go through a local file in `workDir`, as every file enters storage; a failed copy leaves no
 * file behind. True when this call copied it. A file missing from `from` fails the migration
 * with Pulp's message: the domain must not switch to a storage without it.
 */
export async function copyArtifactFile(
  from: ArtifactStorage,
  to: ArtifactStorage,
  artifact: MigratedFile,
  workDir: string,
): Promise<boolean> {
  if ((await to.size(artifact.file)) === Number(artifact.size)) {
    return false;
  }
  let source;
  try {
    source = await from.open(artifact.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
    throw new PulpError(
      'invalid',
      'PLP0001',
      `Found missing file for artifact(sha256=${artifact.sha256}). Please run the repair task or delete the offending artifact.`,
    );
  }
  const local = await writeHashedFile(source, workDir, []);
  try {
    await to.replace(artifact.file, local.path);
  } finally {
    await unlink(local.path).catch(() => undefined);
  }
  return true;
}
