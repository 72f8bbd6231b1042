import { typedRepositoryEndpoints } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

/** `repositories/file/file/`: the endpoints every repository type has. */
export const FILE_REPOSITORY_ENDPOINTS = typedRepositoryEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
  operationPrefix: 'repositories_file_file',
  placeholder: 'file_file_repository_href',
  tag: 'Repositories: File',
  component: 'file.FileRepository',
  noun: 'file repository',
  remoteTypes: [FILE_TYPE],
});
