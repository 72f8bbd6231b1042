import { Inject, Injectable } from '@nestjs/common';
import { DatabaseEncryption, inTransaction, PG_POOL, SQL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { domainNameProblems, domainStorageSettings, storageSettingsInput, type StorageSettings } from '@pulp/domains';
import { PulpValidationError, type FieldErrors } from '@pulp/errors';
import { runCreationHooks } from '@pulp/rbac';
import { uniqueName } from '../references';
import { changedColumns } from '../typed/label-endpoints';
import { labelProblems } from '../typed/labels';
import type { DomainBackendMigratorDto, DomainDto } from './domain.dto';
import { insertDomain, type DomainColumns } from './domain-rows';
import { DomainView, type DomainRow } from './domain-view';

/** A domain as an update starts from: its row, with its storage settings decrypted. */
type CurrentDomain = Omit<DomainRow, 'storage_settings'> & { storage_settings: StorageSettings };

/**
 * The checks and conversions of a domain body before anything is written or dispatched (Pulp's
 * DomainSerializer): a body that would fail in the update task fails here, with Pulp's 400.
 */
@Injectable()
export class DomainWrites {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
    private readonly encryption: DatabaseEncryption,
    private readonly view: DomainView,
  ) {}

  /** Inserts a domain from a create body (checked), with its creation hooks for user `creator`; returns its id. */
  async create(body: DomainDto, creator: number | null): Promise<string> {
    const columns = await this.columns(body, null, false);
    const id = uuid7();
    await uniqueName(() =>
      inTransaction(this.pool, async (sql) => {
        await insertDomain(sql, id, columns, this.encryption);
        await runCreationHooks(sql, { viewset: 'domains', contentType: 'core.domain', objectId: id }, creator);
      }),
    );
    return id;
  }

  /** What an update would change: the body's columns (checked) whose values differ from the domain's. */
  async changes(id: string, body: Partial<DomainDto>, partial: boolean): Promise<DomainColumns> {
    const [row] = await this.sql<DomainRow>('SELECT * FROM core_domain WHERE pulp_id = $1', [id]);
    const current: CurrentDomain = { ...row, storage_settings: this.view.storage(row).settings };
    return changedColumns(current, await this.columns(body, current, partial));
  }

  /**
   * The storage a migration moves a domain to, checked as a create checks it (Pulp's
   * DomainBackendMigratorSerializer): `storage_class` and the parsed `storage_settings`.
   */
  migrationTarget(body: DomainBackendMigratorDto): { storage_class: string; storage_settings: StorageSettings } {
    const storage = this.storageColumns(body, null, false)!;
    if ('errors' in storage) {
      throw new PulpValidationError({ storage_settings: storage.errors });
    }
    return storage.columns as { storage_class: string; storage_settings: StorageSettings };
  }

  /**
   * The columns the body sets; for a create or full update, the defaults of those it leaves out.
   * Every field's problems are reported together, as DRF does.
   */
  private async columns(
    body: Partial<DomainDto>,
    current: CurrentDomain | null,
    partial: boolean,
  ): Promise<DomainColumns> {
    const columns: DomainColumns = {};
    const errors: Record<string, FieldErrors> = {};
    const report = (field: string, problems: FieldErrors, value: unknown) => {
      if (Array.isArray(problems) ? problems.length > 0 : Object.keys(problems).length > 0) {
        errors[field] = problems;
      } else {
        columns[field] = value;
      }
    };
    if (body.name !== undefined) {
      report('name', await this.nameProblems(body.name, current?.pulp_id ?? null), body.name);
    }
    if (body.description !== undefined) {
      // DRF trims a CharField before judging it.
      const description = typeof body.description === 'string' ? body.description.trim() : null;
      report('description', description === '' ? ['This field may not be blank.'] : [], description);
    }
    if (body.pulp_labels !== undefined) {
      report('pulp_labels', labelProblems(body.pulp_labels), body.pulp_labels);
    }
    columns.redirect_to_object_storage = body.redirect_to_object_storage ?? (partial ? undefined : true);
    columns.hide_guarded_distributions = body.hide_guarded_distributions ?? (partial ? undefined : false);
    const storage = this.storageColumns(body, current, partial);
    if (storage && 'errors' in storage) {
      errors.storage_settings = storage.errors;
    } else {
      Object.assign(columns, storage?.columns);
    }
    if (Object.keys(errors).length > 0) {
      throw new PulpValidationError(errors);
    }
    return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  }

  /**
   * `storage_class` and `storage_settings` as the body sets them: both, as the settings are checked
   * against the class. None when a partial update touches neither.
   */
  private storageColumns(
    body: Partial<DomainDto>,
    current: CurrentDomain | null,
    partial: boolean,
  ): { columns: DomainColumns } | { errors: FieldErrors } | undefined {
    if (partial && body.storage_class === undefined && body.storage_settings === undefined) {
      return undefined;
    }
    const storageClass = body.storage_class ?? current!.storage_class;
    const input = body.storage_settings === undefined ? { value: {} } : storageSettingsInput(body.storage_settings);
    if ('problem' in input) {
      return { errors: [input.problem] };
    }
    const parsed = domainStorageSettings(
      storageClass,
      input.value,
      current ? { storageClass: current.storage_class, settings: current.storage_settings } : undefined,
    );
    return 'errors' in parsed
      ? { errors: parsed.errors }
      : { columns: { storage_class: storageClass, storage_settings: parsed.settings } };
  }

  /** Pulp's checks of a name: a slug of at most 50 characters, not `api` or `content`, unique among all domains. */
  private async nameProblems(name: string, exceptId: string | null): Promise<string[]> {
    const problems = domainNameProblems(name);
    if (problems.length > 0) {
      return problems;
    }
    const taken = await this.sql('SELECT 1 FROM core_domain WHERE name = $1 AND pulp_id IS DISTINCT FROM $2::uuid', [
      name,
      exceptId,
    ]);
    return taken.length > 0 ? ['This field must be unique.'] : [];
  }
}
