import { FILE_CONTENT_ENDPOINTS } from '../content/file-content';
import { FILE_ACS_ENDPOINTS } from './file-acs';
import { FILE_DISTRIBUTION_ENDPOINTS } from './file-distributions';
import { FILE_PUBLICATION_ENDPOINTS } from './file-publications';
import { FILE_REMOTE_ENDPOINTS } from './file-remotes';
import { FILE_REPOSITORY_ENDPOINTS } from './file-repositories';

/** The file plugin's typed endpoints: controllers for the API, views (typed bodies) and content creators for both processes. */
export const FILE_ENDPOINTS = [
  FILE_CONTENT_ENDPOINTS,
  FILE_REPOSITORY_ENDPOINTS,
  FILE_REMOTE_ENDPOINTS,
  FILE_PUBLICATION_ENDPOINTS,
  FILE_ACS_ENDPOINTS,
  FILE_DISTRIBUTION_ENDPOINTS,
];
