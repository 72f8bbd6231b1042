import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { bodyReference, existingRows, refuseTaken, resolveVersion } from '../references';
import { basePathProblem, OVERLAPPING_DISTRIBUTION } from './base-path';
import { refuseNulls } from './refuse-nulls';
import type { DistributionFields } from './distribution.dto';
import { labelProblems } from './labels';

/** Distribution columns a body sets, by column name. */
export type DistributionColumns = Record<string, unknown>;

/**
 * The checks of a distribution body in the request: Pulp answers them with 400s before queueing
 * the task (which checks name and base path again while it holds every distribution of the domain).
 */
@Injectable()
export class DistributionWrites {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** The columns the body sets (only the fields it has), references resolved, `id` the distribution when it exists. */
  async columns(body: Partial<DistributionFields>, repositoryTypes: readonly string[], id: string | null) {
    const columns: DistributionColumns = {};
    refuseNulls(body, ['name', 'base_path', 'hidden']);
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
    for (const key of ['name', 'hidden'] as const) {
      if (body[key] !== undefined) {
        columns[key] = body[key];
      }
    }
    if (isSet(body.repository) && isSet(body.repository_version)) {
      throw new PulpValidationError({
        non_field_errors: [
          "Only one of the attributes 'repository' and 'repository_version' may be used simultaneously.",
        ],
      });
    }
    if (body.content_guard !== undefined) {
      columns.content_guard_id =
        body.content_guard === null
          ? null
          : await this.existing('content_guard', 'core_contentguard', body.content_guard);
    }
    if (body.repository !== undefined) {
      columns.repository_id = body.repository === null ? null : await this.repository(body.repository, repositoryTypes);
      if (body.repository !== null) {
        columns.repository_version_id = null;
      }
    }
    if (body.repository_version !== undefined) {
      columns.repository_version_id =
        body.repository_version === null
          ? null
          : await resolveVersion(this.sql, 'repository_version', body.repository_version);
      if (body.repository_version !== null) {
        columns.repository_id = null;
      }
    }
    await this.conflicts(columns, id);
    return columns;
  }

  /** A taken name, or a base path nesting with another distribution's: Pulp's 400s. */
  async conflicts(columns: DistributionColumns, id: string | null): Promise<void> {
    if (columns.name !== undefined) {
      await refuseTaken(this.sql, 'core_distribution', 'name', columns.name, id);
    }
    if (columns.base_path !== undefined) {
      await refuseTaken(this.sql, 'core_distribution', 'base_path', columns.base_path, id);
      const [overlap] = await this.sql<{ name: string }>(OVERLAPPING_DISTRIBUTION, [columns.base_path, id]);
      if (overlap) {
        throw new PulpValidationError({ base_path: [`Overlaps with existing distribution '${overlap.name}'`] });
      }
    }
  }

  private async repository(reference: string, repositoryTypes: readonly string[]): Promise<string> {
    const id = bodyReference('repository', reference);
    const [repository] = await this.sql<{ name: string; pulp_type: string }>(
      'SELECT name, pulp_type FROM core_repository WHERE pulp_id = $1',
      [id],
    );
    if (!repository) {
      throw new PulpValidationError({ repository: ['Invalid hyperlink - Object does not exist.'] });
    }
    if (!repositoryTypes.includes(repository.pulp_type)) {
      throw new PulpValidationError({
        repository: [`Type for Repository '${repository.name}' does not match Distribution.`],
      });
    }
    return id;
  }

  private async existing(field: string, table: string, reference: string): Promise<string> {
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
