import type { Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { SqlParams, versionCondition } from '@pulp/rest';

/**
 * The id of the complete repository version a body names (`field`: by href or PRN), optionally of
 * one repository; Pulp's 400 for a malformed or unknown reference.
 */
export async function resolveVersion(
  sql: Sql,
  field: string,
  reference: string,
  repositoryId?: string,
): Promise<string> {
  const params = new SqlParams(1);
  let condition: string;
  try {
    condition = versionCondition(
      { id: 'v.pulp_id', repository: 'v.repository_id', number: 'v.number' },
      reference,
      params,
    );
  } catch (error) {
    throw new PulpValidationError({ [field]: [(error as Error).message] });
  }
  const [version] = await sql<{ pulp_id: string }>(
    `SELECT v.pulp_id FROM core_repositoryversion v
      WHERE ($1::uuid IS NULL OR v.repository_id = $1::uuid) AND v.complete AND ${condition}`,
    [repositoryId ?? null, ...params.values],
  );
  if (!version) {
    throw new PulpValidationError({ [field]: ['Invalid hyperlink - Object does not exist.'] });
  }
  return version.pulp_id;
}
