import type { Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { latestNumber } from '../repository/membership';
import { resolveRepository, resolveVersion } from '../references';
import type { PublicationFields } from './publication.dto';

/** The version a publication request publishes, with its repository (what the task holds). */
export interface PublishedVersion {
  versionId: string;
  repositoryId: string;
  repositoryType: string;
}

const EITHER = "Either the 'repository' or 'repository_version' need to be specified";

/**
 * Pulp's PublicationSerializer.validate, in the request: exactly one of `repository` (its latest
 * version) and `repository_version`, `checkpoint` only with `repository`, a repository of a type
 * the publication type publishes. Anything else is a 400 and nothing is queued.
 */
export async function publishedVersion(
  sql: Sql,
  body: Partial<PublicationFields>,
  repositoryTypes: readonly string[],
): Promise<PublishedVersion> {
  const repository = body.repository ?? null;
  const repositoryVersion = body.repository_version ?? null;
  if (repository !== null && repositoryVersion !== null) {
    throw new PulpValidationError({ non_field_errors: [`${EITHER} but not both.`] });
  }
  if (repository === null && repositoryVersion === null) {
    throw new PulpValidationError({ non_field_errors: [EITHER] });
  }
  if (repositoryVersion !== null) {
    const versionId = await resolveVersion(sql, 'repository_version', repositoryVersion);
    const [version] = await sql<{ repository_id: string; pulp_type: string; name: string }>(
      `SELECT v.repository_id, r.pulp_type, r.name FROM core_repositoryversion v
         JOIN core_repository r ON r.pulp_id = v.repository_id WHERE v.pulp_id = $1`,
      [versionId],
    );
    refuseType('repository_version', version, repositoryTypes);
    if (body.checkpoint) {
      throw new PulpValidationError({ non_field_errors: ["'checkpoint' may only be used with 'repository'"] });
    }
    return { versionId, repositoryId: version.repository_id, repositoryType: version.pulp_type };
  }
  const found = await resolveRepository(sql, 'repository', repository!, repositoryTypes, ({ name }) =>
    typeMismatch('repository', name),
  );
  const [latest] = await sql<{ version_id: string | null }>(
    `SELECT (SELECT v.pulp_id FROM core_repositoryversion v
              WHERE v.repository_id = r.pulp_id AND v.number = ${latestNumber('r.pulp_id')}) AS version_id
       FROM core_repository r WHERE r.pulp_id = $1`,
    [found.id],
  );
  if (latest.version_id === null) {
    throw new PulpValidationError({
      non_field_errors: ['Repository has no version available to create Publication from'],
    });
  }
  return { versionId: latest.version_id, repositoryId: found.id, repositoryType: found.pulp_type };
}

function refuseType(field: string, repository: { pulp_type: string; name: string }, types: readonly string[]) {
  if (!types.includes(repository.pulp_type)) {
    throw new PulpValidationError(typeMismatch(field, repository.name));
  }
}

function typeMismatch(field: string, name: string): Record<string, string[]> {
  return { [field]: [`Type for Repository '${name}' does not match Publication.`] };
}
