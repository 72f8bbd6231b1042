import { typedRemoteEndpoints } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

/** `remotes/file/file/`: the endpoints every remote type has; the url names a PULP_MANIFEST. */
export const FILE_REMOTE_ENDPOINTS = typedRemoteEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
  contentType: 'file.fileremote',
  operationPrefix: 'remotes_file_file',
  placeholder: 'file_file_remote_href',
  tag: 'Remotes: File',
  component: 'file.FileRemote',
  noun: 'file remote',
  description:
    '\nFileRemote represents an external source of File\nContent.  The target url of a FileRemote must contain a file manifest, which contains the\nmetadata for all files at the source.',
});
