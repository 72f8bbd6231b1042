import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, decryptJson, PG_POOL, type PgPoolLike } from '@pulp/database';
import {
  DEFAULT_DOMAIN_NAME,
  globalStorageSettings,
  storageSettingsBody,
  type DomainStorage,
  type StorageSettings,
} from '@pulp/domains';
import {
  fieldFilters,
  identityFilters,
  labelSelectFilter,
  modelFilterSet,
  NAME_LOOKUPS,
  RowView,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import type { DomainResponse } from './domain.dto';

/** A core_domain row as read (its storage settings still encrypted). */
export interface DomainRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  name: string;
  description: string | null;
  pulp_labels: Record<string, string | null>;
  storage_class: string;
  storage_settings: unknown;
  redirect_to_object_storage: boolean;
  hide_guarded_distributions: boolean;
}

/** Pulp's DomainFilter; lists order by the model's fields. */
export const DOMAIN_FILTERS: FilterSet = modelFilterSet(
  'd',
  {
    ...fieldFilters('name', 'd.name', 'text', NAME_LOOKUPS),
    pulp_label_select: labelSelectFilter('d.pulp_labels'),
    ...identityFilters('d.pulp_id', 'core.domain'),
  },
  [
    'name',
    'pulp_labels',
    'description',
    'storage_class',
    'storage_settings',
    'redirect_to_object_storage',
    'hide_guarded_distributions',
  ],
);

const DOMAINS: RowSource = {
  id: 'd.pulp_id',
  from: 'core_domain d',
  columns: 'd.*',
  // A domain is in no domain: seen by `core.view_domain` model-wide or on the domain itself.
  scope: { objects: { model: 'core.domain', id: 'd.pulp_id' } },
};

/**
 * Domains as the API shows them. The `default` domain shows the global storage settings (its row
 * holds none) and the global REDIRECT_TO_OBJECT_STORAGE and HIDE_GUARDED_DISTRIBUTIONS, which are
 * what the content app uses for it.
 */
@Injectable()
export class DomainView extends RowView<DomainRow, DomainResponse> {
  protected readonly source = DOMAINS;

  constructor(
    @Inject(PG_POOL) pool: PgPoolLike,
    settings: PulpSettings,
    private readonly encryption: DatabaseEncryption,
  ) {
    super(pool, settings);
  }

  /** A row's storage class and settings, decrypted; the global ones for the `default` domain. */
  storage(row: Pick<DomainRow, 'name' | 'storage_class' | 'storage_settings'>): DomainStorage {
    if (row.name === DEFAULT_DOMAIN_NAME) {
      const backend = this.settings.STORAGES.default;
      return globalStorageSettings({
        backend: backend?.BACKEND ?? row.storage_class,
        options: backend?.OPTIONS ?? {},
        mediaRoot: this.settings.MEDIA_ROOT,
      });
    }
    return {
      storageClass: row.storage_class,
      settings: decryptJson(row.storage_settings, this.encryption) as StorageSettings,
    };
  }

  protected toResponse(row: DomainRow, api: string): DomainResponse {
    const isDefault = row.name === DEFAULT_DOMAIN_NAME;
    const { storageClass, settings } = this.storage(row);
    return {
      pulp_href: `${api}domains/${row.pulp_id}/`,
      prn: `prn:core.domain:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      name: row.name,
      description: row.description,
      pulp_labels: row.pulp_labels,
      storage_class: storageClass,
      storage_settings: storageSettingsBody(storageClass, settings),
      redirect_to_object_storage: isDefault ? this.settings.REDIRECT_TO_OBJECT_STORAGE : row.redirect_to_object_storage,
      hide_guarded_distributions: isDefault ? this.settings.HIDE_GUARDED_DISTRIBUTIONS : row.hide_guarded_distributions,
    };
  }
}
