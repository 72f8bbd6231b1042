import { typedAcsEndpoints } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

/** `acs/file/file/`: file remotes (on_demand) whose manifests, refreshed, let a sync take files from them. */
export const FILE_ACS_ENDPOINTS = typedAcsEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
  contentType: 'file.filealternatecontentsource',
  operationPrefix: 'acs_file_file',
  placeholder: 'file_file_alternate_content_source_href',
  tag: 'Acs: File',
  component: 'file.FileAlternateContentSource',
  noun: 'file alternate content source',
  description: 'Alternate Content Source ViewSet for File',
  remoteTypes: [FILE_TYPE],
  refresh: {
    task: 'pulp_file.app.tasks.synchronizing.synchronize',
    kwargs: ({ remoteId, repositoryId, url }) => ({
      remote_pk: remoteId,
      repository_pk: repositoryId,
      mirror: false,
      optimize: false,
      url,
    }),
  },
});
