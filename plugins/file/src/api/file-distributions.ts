import { typedDistributionEndpoints } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

/**
 * `distributions/file/file/`: file distributions serve a publication, a repository (its latest
 * published version) or one version, with Pulp's DistributionFilter.
 */
export const FILE_DISTRIBUTION_ENDPOINTS = typedDistributionEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
  contentType: 'file.filedistribution',
  operationPrefix: 'distributions_file_file',
  placeholder: 'file_file_distribution_href',
  tag: 'Distributions: File',
  component: 'file.FileDistribution',
  noun: 'file distribution',
  repositoryTypes: [FILE_TYPE],
  publicationTypes: [FILE_TYPE],
});
