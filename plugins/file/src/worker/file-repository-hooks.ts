import { Injectable } from '@nestjs/common';
import {
  PulpError,
  RepositoryHooks,
  validateVersionPaths,
  type CompletedVersion,
  type NewVersion,
  type RepositoryTypeHooks,
  type TaskContext,
  type VersionChangeOptions,
} from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';
import { FilePublisher } from './publish';

/** The file units of the version being built ($1 repository, $2 its number) that it adds. */
const ADDED = `
  SELECT f.content_id, f.relative_path FROM core_repositorycontent rc
    JOIN file_filecontent f ON f.content_id = rc.content_id
   WHERE rc.repository_id = $1 AND rc.added_number = $2 AND rc.removed_number IS NULL`;

/** Units the version carries over whose relative path an added unit takes: those the new ones replace. */
const REPLACED = `
  SELECT rc.content_id FROM core_repositorycontent rc
    JOIN file_filecontent f ON f.content_id = rc.content_id
   WHERE rc.repository_id = $1 AND rc.added_number < $2 AND rc.removed_number IS NULL
     AND f.relative_path IN (SELECT relative_path FROM (${ADDED}) added)`;

/**
 * pulp_file's finalize_new_version: within a version, the relative path is a file's key. A unit
 * added at a path already taken replaces the one there (the new one wins), unless the change
 * said `overwrite: false`; two units added at one path, or paths that nest (`a` and `a/b`), fail
 * the task and no version is made.
 */
@Injectable()
@RepositoryHooks(FILE_TYPE)
export class FileRepositoryHooks implements RepositoryTypeHooks {
  constructor(private readonly publisher: FilePublisher) {}

  async finalize(
    { sql }: TaskContext,
    version: NewVersion,
    { overwrite }: Required<VersionChangeOptions>,
  ): Promise<void> {
    const params = [version.repositoryId, version.number];
    const [twice] = await sql(
      `SELECT relative_path FROM (${ADDED}) added GROUP BY relative_path HAVING count(*) > 1`,
      params,
    );
    if (twice) {
      throw new PulpError(
        'invalid',
        'PLP0001',
        `Cannot create repository version. More than one ${FILE_TYPE} content with the duplicate values for relative_path.`,
      );
    }
    if (!overwrite) {
      const [replaced] = await sql<{ relative_path: string }>(
        `SELECT f.relative_path FROM (${REPLACED}) r JOIN file_filecontent f ON f.content_id = r.content_id LIMIT 1`,
        params,
      );
      if (replaced) {
        throw new PulpError(
          'invalid',
          'PLP0001',
          `Cannot create repository version. Content would overwrite existing content at relative_path '${replaced.relative_path}' and overwrite is false.`,
        );
      }
    }
    await version.remove({ text: REPLACED, params });
    await validateVersionPaths(sql, version);
  }

  /** Autopublish: a repository with `autopublish` publishes each new version, with its `manifest`, in the same task. */
  async afterVersion(context: TaskContext, version: CompletedVersion): Promise<void> {
    const [repository] = await context.sql<{ manifest: string | null }>(
      'SELECT manifest FROM file_filerepository WHERE repository_id = $1 AND autopublish',
      [version.repositoryId],
    );
    if (repository) {
      await this.publisher.publishVersion(context, version.id, { manifest: repository.manifest });
    }
  }
}
