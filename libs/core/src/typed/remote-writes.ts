import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, inTransaction, PG_POOL, SQL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { currentDomainIdSql } from '@pulp/domains';
import { PulpValidationError } from '@pulp/errors';
import { pythonType } from '@pulp/rest';
import { runCreationHooks } from '@pulp/rbac';
import { DetailTypes } from '../detail-types/detail-types';
import { refuseTaken, uniqueName } from '../references';
import { decryptRemoteSecrets, encryptSecretColumns, REMOTE_SECRETS } from '../remotes/remote-secrets';
import { columnValues } from './general.tasks';
import { changedColumns } from './label-endpoints';
import { labelProblems } from './labels';
import { refuseNulls } from './refuse-nulls';
import { certificates, proxyCredentialsProblem, proxyUrlProblem, urlProblem } from './remote-checks';
import { REMOTE_COLUMNS } from './remote-columns';
import type { RemoteFields } from './remote.dto';

/** Remote columns a body sets, by column name (they are the field names). */
export type RemoteColumns = Record<string, unknown>;

// DRF trims CharFields, except the passwords (whose whitespace may be part of them).
const UNTRIMMED = ['password', 'proxy_password'];
const NOT_NULL = ['name', 'url', 'tls_validation', 'policy', 'headers', 'pulp_labels'];

type Row = Record<string, unknown>;

/**
 * The checks and conversions of a remote body before anything is written or dispatched (Pulp's
 * RemoteSerializer): a body that would fail in the task fails here, with Pulp's 400.
 */
@Injectable()
export class RemoteWrites {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
    private readonly settings: PulpSettings,
    private readonly encryption: DatabaseEncryption,
    private readonly types: DetailTypes,
  ) {}

  /**
   * Inserts a remote of `pulpType` from a create body (checked, its secrets encrypted), with its
   * creation hooks for user `creator`, and returns its id.
   */
  async create(pulpType: string, body: Partial<RemoteFields>, creator: number | null): Promise<string> {
    const columns = await this.columns(body, null, false);
    const entries = encryptSecretColumns(Object.entries(columns), REMOTE_SECRETS.columns, this.encryption);
    const id = uuid7();
    await uniqueName(() =>
      inTransaction(this.pool, async (sql) => {
        await sql(
          `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type${entries.map(([column]) => `, ${column}`).join('')})
           VALUES ($1, ${currentDomainIdSql()}, $2${entries.map((_entry, index) => `, $${index + 3}`).join('')})`,
          [id, pulpType, ...columnValues(entries)],
        );
        await runCreationHooks(sql, this.types.created('remotes', pulpType, id), creator);
      }),
    );
    return id;
  }

  /**
   * What an update would change: the body's columns (checked) that differ from the row's (secrets
   * compared as plain text, and left plain: the update task's arguments are encrypted, and it
   * encrypts them as it writes them).
   */
  async changes(id: string, body: Partial<RemoteFields>, partial: boolean): Promise<RemoteColumns> {
    const [row] = await this.sql<Row>('SELECT * FROM core_remote WHERE pulp_id = $1', [id]);
    const current = decryptRemoteSecrets(row, this.encryption);
    return changedColumns(current, await this.columns(body, current, partial));
  }

  /**
   * The columns the body sets. Field problems are reported together, as DRF does, and only then the
   * rules across fields (judged on the remote as it would be: for a partial update, the row's
   * values fill in what the body leaves out).
   */
  private async columns(body: Partial<RemoteFields>, current: Row | null, partial: boolean): Promise<RemoteColumns> {
    refuseNulls(body, NOT_NULL);
    const columns: RemoteColumns = {};
    const errors: Record<string, string[]> = {};
    for (const column of REMOTE_COLUMNS) {
      const value = (body as Row)[column];
      if (value === undefined) {
        continue;
      }
      const trimmed = typeof value === 'string' && !UNTRIMMED.includes(column) ? value.trim() : value;
      const problems = trimmed === '' ? ['This field may not be blank.'] : this.problems(column, trimmed, columns);
      if (problems.length > 0) {
        errors[column] = problems;
      } else {
        columns[column] ??= trimmed;
      }
    }
    if (!partial && columns.policy === undefined) {
      columns.policy = 'immediate';
    }
    if (columns.name !== undefined) {
      await refuseTaken(this.sql, 'core_remote', 'name', columns.name, (current?.pulp_id as string) ?? null).catch(
        (error: unknown) => {
          if (!(error instanceof PulpValidationError)) {
            throw error;
          }
          Object.assign(errors, error.fields);
        },
      );
    }
    if (Object.keys(errors).length > 0) {
      throw new PulpValidationError(errors);
    }
    const proxy = proxyCredentialsProblem(partial && current ? { ...current, ...columns } : columns);
    if (proxy) {
      throw new PulpValidationError({ non_field_errors: [proxy] });
    }
    return columns;
  }

  /** The problems with one field's value; certificates are stored as their blocks only (into `columns`). */
  private problems(column: string, value: unknown, columns: RemoteColumns): string[] {
    switch (column) {
      case 'url':
        return listed(urlProblem(value as string, this.settings.ALLOWED_IMPORT_PATHS));
      case 'proxy_url':
        return listed(proxyUrlProblem(value as string | null));
      case 'ca_cert':
      case 'client_cert': {
        if (value === null) {
          return [];
        }
        const checked = certificates(column, value as string);
        if ('problem' in checked) {
          return [checked.problem];
        }
        columns[column] = checked.value;
        return [];
      }
      case 'pulp_labels':
        return labelProblems(value as Row);
      case 'headers':
        return listed(headersProblem(value as unknown[]));
      default:
        return [];
    }
  }
}

/** DRF's ListField(child=DictField()): every header entry an object. */
function headersProblem(headers: unknown[]): string | null {
  const wrong = headers.find((entry) => entry === null || typeof entry !== 'object' || Array.isArray(entry));
  return wrong === undefined ? null : `Expected a dictionary of items but got type "${pythonType(wrong)}".`;
}

const listed = (problem: string | null): string[] => (problem === null ? [] : [problem]);
