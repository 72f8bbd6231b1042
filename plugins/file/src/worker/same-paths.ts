import type { ContentSelection } from '@pulp/plugin-api';

/**
 * The units of the version being built that share a relative path with one of `ids` but are
 * other units: a repository version holds one file per path, and the newly listed one wins.
 */
export function sameRelativePaths(repositoryId: string, ids: string[]): ContentSelection {
  return {
    text: `SELECT rc.content_id FROM core_repositorycontent rc
             JOIN file_filecontent present ON present.content_id = rc.content_id
             JOIN file_filecontent listed ON listed.pulp_domain_id = present.pulp_domain_id
                                       AND listed.relative_path = present.relative_path
                                       AND listed.content_id <> present.content_id
            WHERE rc.repository_id = $1 AND rc.removed_number IS NULL AND listed.content_id = ANY($2::uuid[])`,
    params: [repositoryId, ids],
  };
}
