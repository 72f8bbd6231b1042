import type { DetailType } from '@pulp/plugin-api';

/** `pulp_type` of every file object. */
export const FILE_TYPE = 'file.file';

/** Where file objects live in the API and how their PRNs name them (spec: file-plugin §1). */
export const FILE_DETAIL_TYPES: DetailType[] = [
  { master: 'content', pulpType: FILE_TYPE, endpoint: 'files', model: 'filecontent', reclaimable: true },
  { master: 'repositories', pulpType: FILE_TYPE, endpoint: 'file', model: 'filerepository' },
  { master: 'remotes', pulpType: FILE_TYPE, endpoint: 'file', model: 'fileremote' },
  { master: 'publications', pulpType: FILE_TYPE, endpoint: 'file', model: 'filepublication' },
  { master: 'distributions', pulpType: FILE_TYPE, endpoint: 'file', model: 'filedistribution' },
  { master: 'acs', pulpType: FILE_TYPE, endpoint: 'file', model: 'filealternatecontentsource' },
];
