import { identityFilters, labelSelectFilter, modelFilterSet, relatedFilter } from '@pulp/rest';
import { DISTRIBUTION_ORDERING, WITH_CONTENT } from '../lists/distribution-view';
import { typedDistributionEndpoints } from '../typed/typed-distributions';

/** Core's OpenPGP distributions (`distributions/core/openpgp/`), serving keyrings; Pulp filters them lightly. */
export const OPENPGP_DISTRIBUTION_ENDPOINTS = typedDistributionEndpoints({
  pulpType: 'core.openpgp',
  segment: 'core/openpgp',
  operationPrefix: 'distributions_core_openpgp',
  placeholder: 'open_p_g_p_distribution_href',
  tag: 'Distributions: Openpgp',
  component: 'OpenPGPDistribution',
  noun: 'open pgp distribution',
  repositoryTypes: ['core.openpgp'],
  filters: modelFilterSet(
    'd',
    {
      pulp_label_select: labelSelectFilter('d.pulp_labels'),
      repository_version: relatedFilter(
        {
          schema: { type: 'string', format: 'uuid' },
          description: 'Filter results where repository_version matches value',
        },
        (id) => `d.repository_version_id = ${id}`,
      ),
      with_content: WITH_CONTENT,
      ...identityFilters('d.pulp_id'),
    },
    DISTRIBUTION_ORDERING,
  ),
});
