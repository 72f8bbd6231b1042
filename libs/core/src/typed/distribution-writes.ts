import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import {
  bodyReference,
  existingRows,
  refuseOtherDomains,
  refuseTaken,
  resolveRepository,
  resolveVersion,
  type ReferencedTable,
} from '../references';
import { basePathProblem, overlappingDistributionSql } from './base-path';
import { refuseNulls } from './refuse-nulls';
import type { DistributionFields, PublicationDistributionFields } from './distribution.dto';
import { labelProblems } from './labels';

/** Distribution columns a body sets, by column name. */
export type DistributionColumns = Record<string, unknown>;

/** A distribution body: every type's fields, and those of types serving publications. */
export type DistributionBody = Partial<DistributionFields> &
  Partial<Pick<PublicationDistributionFields, 'publication' | 'checkpoint'>>;

/** What a distribution type may serve (see DistributionType). */
export interface ServingTypes {
  repositoryTypes: readonly string[];
  publicationTypes?: readonly string[];
}

/** The fields naming what a distribution serves, at most one of them set, in Pulp's order of checking pairs. */
const SERVED = ['publication', 'repository', 'repository_version'] as const;
type ServedField = (typeof SERVED)[number];
const EXCLUSIVE: ReadonlyArray<readonly [ServedField, ServedField]> = [
  ['publication', 'repository_version'],
  ['publication', 'repository'],
  ['repository', 'repository_version'],
];

/**
 * The checks of a distribution body in the request: Pulp answers them with 400s before queueing
 * the task (which checks name and base path again while it holds every distribution of the domain).
 */
@Injectable()
export class DistributionWrites {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * The columns the body sets (only the fields it has), references resolved, `id` the distribution
   * when it exists. What it serves (a publication, a repository or one version) is one of them:
   * naming one clears the others.
   */
  async columns(body: DistributionBody, type: ServingTypes, id: string | null): Promise<DistributionColumns> {
    const columns: DistributionColumns = {};
    refuseNulls(body, ['name', 'base_path', 'hidden', 'checkpoint']);
    if (body.base_path !== undefined) {
      const problem = basePathProblem(body.base_path);
      if (problem) {
        throw new PulpValidationError({ base_path: [problem] });
      }
      columns.base_path = body.base_path;
    }
    if (body.pulp_labels !== undefined) {
      const problems = labelProblems(body.pulp_labels ?? {});
      if (problems.length > 0) {
        throw new PulpValidationError({ pulp_labels: problems });
      }
      columns.pulp_labels = body.pulp_labels ?? {};
    }
    for (const key of ['name', 'hidden', 'checkpoint'] as const) {
      if (body[key] !== undefined) {
        columns[key] = body[key];
      }
    }
    const together = EXCLUSIVE.find(([one, other]) => isSet(body[one]) && isSet(body[other]));
    if (together) {
      throw new PulpValidationError({
        non_field_errors: [
          `Only one of the attributes '${together[0]}' and '${together[1]}' may be used simultaneously.`,
        ],
      });
    }
    if (body.content_guard !== undefined) {
      columns.content_guard_id =
        body.content_guard === null
          ? null
          : await this.existing('content_guard', 'core_contentguard', body.content_guard);
    }
    const resolvers: Record<ServedField, ((reference: string) => Promise<string>) | undefined> = {
      repository: (reference) => this.repository(reference, type.repositoryTypes),
      repository_version: (reference) => resolveVersion(this.sql, 'repository_version', reference),
      publication: type.publicationTypes && ((reference) => this.publication(reference, type.publicationTypes!)),
    };
    const named = SERVED.some((field) => isSet(body[field]));
    for (const field of SERVED) {
      const resolve = resolvers[field];
      const reference = body[field];
      if (resolve && isSet(reference)) {
        columns[`${field}_id`] = await resolve(reference);
      } else if (resolve && (reference === null || named)) {
        columns[`${field}_id`] = null;
      }
    }
    await this.refuseLoneCheckpoint(columns, id);
    await this.conflicts(columns, id);
    return columns;
  }

  /** A checkpoint distribution serves a repository's checkpoints: judged on the row the body leaves. */
  private async refuseLoneCheckpoint(columns: DistributionColumns, id: string | null): Promise<void> {
    if (columns.checkpoint === false) {
      return;
    }
    const [stored] = id
      ? await this.sql<{ checkpoint: boolean; repository_id: string | null }>(
          'SELECT checkpoint, repository_id FROM core_distribution WHERE pulp_id = $1',
          [id],
        )
      : [];
    const checkpoint = columns.checkpoint ?? stored?.checkpoint ?? false;
    const repository = 'repository_id' in columns ? columns.repository_id : (stored?.repository_id ?? null);
    if (checkpoint && repository === null) {
      throw new PulpValidationError({ non_field_errors: ["'checkpoint' may only be used with 'repository'"] });
    }
  }

  /** A taken name, or a base path nesting with another distribution's: Pulp's 400s. */
  async conflicts(columns: DistributionColumns, id: string | null): Promise<void> {
    if (columns.name !== undefined) {
      await refuseTaken(this.sql, 'core_distribution', 'name', columns.name, id);
    }
    if (columns.base_path !== undefined) {
      await refuseTaken(this.sql, 'core_distribution', 'base_path', columns.base_path, id);
      const [overlap] = await this.sql<{ name: string }>(overlappingDistributionSql(), [columns.base_path, id]);
      if (overlap) {
        throw new PulpValidationError({ base_path: [`Overlaps with existing distribution '${overlap.name}'`] });
      }
    }
  }

  private async repository(reference: string, repositoryTypes: readonly string[]): Promise<string> {
    const { id } = await resolveRepository(this.sql, 'repository', reference, repositoryTypes, ({ name }) => ({
      repository: [`Type for Repository '${name}' does not match Distribution.`],
    }));
    return id;
  }

  private async publication(reference: string, publicationTypes: readonly string[]): Promise<string> {
    const id = bodyReference('publication', reference, 'publications');
    const [publication] = await this.sql<{ pulp_type: string; pulp_domain_id: string }>(
      'SELECT pulp_type, pulp_domain_id::text FROM core_publication WHERE pulp_id = $1 AND complete',
      [id],
    );
    if (!publication) {
      throw new PulpValidationError({ publication: ['Invalid hyperlink - Object does not exist.'] });
    }
    refuseOtherDomains([publication.pulp_domain_id]);
    if (!publicationTypes.includes(publication.pulp_type)) {
      throw new PulpValidationError({ publication: ['Invalid hyperlink - Incorrect URL match.'] });
    }
    return id;
  }

  private async existing(field: string, table: ReferencedTable, reference: string): Promise<string> {
    const [row] = await existingRows(
      this.sql,
      table,
      field,
      [reference],
      () => 'Invalid hyperlink - Object does not exist.',
    );
    return row.pulp_id;
  }
}

/** A reference given and not null (an empty string is a malformed reference, refused when resolved). */
function isSet(value: string | null | undefined): value is string {
  return value !== undefined && value !== null;
}
