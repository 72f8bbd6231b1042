import { uniqueViolation, type Sql } from '@pulp/database';
import { currentDomain, currentDomainIdSql } from '@pulp/domains';
import { PulpValidationError } from '@pulp/errors';
import { referencedId, SqlParams, versionCondition, VERSION_ROW } from '@pulp/rest';

/**
 * Objects a request body names, by href, PRN or uuid, resolved before anything is written or
 * queued: a malformed or unknown reference is Pulp's 400 naming the field.
 */

/** The collection below the API root an href names (`remotes` in `…/api/v3/remotes/file/file/<id>/`); none for a PRN or uuid. */
const HREF_COLLECTION = /\/api\/v3\/([^/]+)\//;

/** The collection (`remotes`…) of each table a body's references are looked up in. */
const COLLECTIONS = {
  core_artifact: 'artifacts',
  core_content: 'content',
  core_contentguard: 'contentguards',
  core_publication: 'publications',
  core_remote: 'remotes',
  core_repository: 'repositories',
  core_upload: 'uploads',
} as const;

/**
 * Pulp's 400 when a body names an object of another domain than the request's (`domains`: the
 * objects' domain ids). Outside a domain everything is in `default`.
 */
export function refuseOtherDomains(domains: Iterable<string>): void {
  const domain = currentDomain();
  if (domain && [...domains].some((id) => id !== domain.id)) {
    throw new PulpValidationError({ non_field_errors: [`Objects must all be a part of the ${domain.name} domain.`] });
  }
}

/** A table a body's references name rows of. */
export type ReferencedTable = keyof typeof COLLECTIONS;

/** The uuid a reference in `field` names, a row of `table` (its collection's href, a PRN or a uuid). */
export function tableReference(table: ReferencedTable, field: string, reference: string): string {
  return bodyReference(field, reference, COLLECTIONS[table]);
}

/**
 * The uuid a reference in `field` names, an object of `collection` (`remotes`): an href of another
 * collection is DRF's "Incorrect URL match", as its object is not the kind the field takes.
 */
export function bodyReference(field: string, reference: string, collection: string): string {
  const named = HREF_COLLECTION.exec(reference)?.[1];
  if (named !== undefined && named !== collection) {
    throw new PulpValidationError({ [field]: ['Invalid hyperlink - Incorrect URL match.'] });
  }
  try {
    return referencedId(reference);
  } catch (error) {
    throw new PulpValidationError({ [field]: [(error as Error).message] });
  }
}

/**
 * The rows of `table` the references name (`columns` of each, in the references' order, each once);
 * `missing` words the 400 for those that name nothing (each endpoint words it as Pulp's does).
 */
export async function existingRows<Row extends { pulp_id: string }>(
  sql: Sql,
  table: ReferencedTable,
  field: string,
  references: readonly string[],
  missing: (references: string[]) => string,
  columns = 'pulp_id',
): Promise<Row[]> {
  const ids = references.map((reference) => tableReference(table, field, reference));
  const rows = await sql<Row & { pulp_domain_id__: string }>(
    `SELECT ${columns}, pulp_domain_id::text AS pulp_domain_id__ FROM ${table} WHERE pulp_id = ANY($1::uuid[])`,
    [ids],
  );
  const found = new Map(rows.map(({ pulp_domain_id__: _domain, ...row }) => [row.pulp_id, row as unknown as Row]));
  const unknown = references.filter((_reference, index) => !found.has(ids[index]));
  if (unknown.length > 0) {
    throw new PulpValidationError({ [field]: [missing(unknown)] });
  }
  refuseOtherDomains(rows.map((row) => row.pulp_domain_id__));
  return [...new Set(ids)].map((id) => found.get(id)!);
}

/** A repository a body names, as `resolveRepository` found it. */
export interface NamedRepository {
  id: string;
  pulp_type: string;
  name: string;
}

/**
 * The repository a reference in `field` names, among those users see (hidden ones, such as an
 * ACS's, are unknown here as in the lists), of one of `types`: an unknown one is DRF's 400, one of
 * another type the 400 `mismatch` words (each endpoint words it as Pulp's does).
 */
export async function resolveRepository(
  sql: Sql,
  field: string,
  reference: string,
  types: readonly string[],
  mismatch: (repository: NamedRepository) => Record<string, string[]>,
): Promise<NamedRepository> {
  const id = bodyReference(field, reference, 'repositories');
  const [row] = await sql<{ pulp_type: string; name: string; pulp_domain_id: string }>(
    'SELECT pulp_type, name, pulp_domain_id::text FROM core_repository WHERE pulp_id = $1 AND NOT user_hidden',
    [id],
  );
  if (!row) {
    throw new PulpValidationError({ [field]: ['Invalid hyperlink - Object does not exist.'] });
  }
  refuseOtherDomains([row.pulp_domain_id]);
  const repository = { id, pulp_type: row.pulp_type, name: row.name };
  if (!types.includes(row.pulp_type)) {
    throw new PulpValidationError(mismatch(repository));
  }
  return repository;
}

/**
 * The id of the complete repository version a reference in `field` names (href or PRN), whichever
 * repository it belongs to; an unknown one is a 400 worded by `missing` (DRF's by default).
 */
export async function resolveVersion(
  sql: Sql,
  field: string,
  reference: string,
  { missing }: { missing?: string } = {},
): Promise<string> {
  const params = new SqlParams();
  let condition: string;
  try {
    condition = versionCondition(VERSION_ROW, reference, params);
  } catch (error) {
    throw new PulpValidationError({ [field]: [(error as Error).message] });
  }
  const [version] = await sql<{ pulp_id: string; pulp_domain_id: string }>(
    `SELECT v.pulp_id, r.pulp_domain_id::text
       FROM core_repositoryversion v JOIN core_repository r ON r.pulp_id = v.repository_id
      WHERE v.complete AND ${condition}`,
    params.values,
  );
  if (!version) {
    throw new PulpValidationError({ [field]: [missing ?? 'Invalid hyperlink - Object does not exist.'] });
  }
  refuseOtherDomains([version.pulp_domain_id]);
  return version.pulp_id;
}

/**
 * Pulp's 400 when another row of the domain (not `exceptId`) already has this value in a column
 * that is unique per domain: `{"<column>": ["This field must be unique."]}`.
 */
export async function refuseTaken(
  sql: Sql,
  table: string,
  column: string,
  value: unknown,
  exceptId: string | null,
): Promise<void> {
  const taken = await sql(
    `SELECT 1 FROM ${table} WHERE ${column} = $1 AND pulp_domain_id = ${currentDomainIdSql()}
        AND ($2::uuid IS NULL OR pulp_id <> $2::uuid) LIMIT 1`,
    [value, exceptId],
  );
  if (taken.length > 0) {
    throw new PulpValidationError({ [column]: ['This field must be unique.'] });
  }
}

/**
 * Runs an insert of a row whose name is unique per domain: a name another request took since
 * refuseTaken looked is still Pulp's 400, not a 500.
 */
export async function uniqueName<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    throw uniqueViolation(error) ?? error;
  }
}
