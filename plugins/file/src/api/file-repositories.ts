import { typedRepositoryEndpoints, type DetailFields } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';
import { FileRepositoryFields, FileRepositoryShown } from './file-repository.dto';

/**
 * A file repository's own fields, in `file_filerepository`: `autopublish` and `manifest`.
 * `last_sync_details` (what the last sync saw, to skip an unchanged one) is the sync's business and
 * not shown: Pulp's schema has no such field.
 */
export const FILE_REPOSITORY_DETAIL: DetailFields = {
  table: 'file_filerepository',
  key: 'repository_id',
  request: FileRepositoryFields,
  response: FileRepositoryShown,
  notNull: ['autopublish'],
};

/** `repositories/file/file/` and its versions: the endpoints every repository type has, with the file fields. */
export const FILE_REPOSITORY_ENDPOINTS = typedRepositoryEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
  contentType: 'file.filerepository',
  operationPrefix: 'repositories_file_file',
  placeholder: 'file_file_repository_href',
  tag: 'Repositories: File',
  component: 'file.FileRepository',
  noun: 'file repository',
  remoteTypes: [FILE_TYPE],
  contentTypes: [FILE_TYPE],
  detail: FILE_REPOSITORY_DETAIL,
  versionPlaceholder: 'file_file_repository_version_href',
});
