// Nest-free, so that suites running in-process load it (DomainStoragesModule provides it).
import type { PulpSettings } from '@pulp/config';
import type { TableChanges } from '@pulp/database';
import { isConnectionError } from '@pulp/database/database-errors';
import { decryptJson, type DatabaseEncryption } from '@pulp/database/encryption';
import { GenerationCache } from '@pulp/database/generation-cache';
import type { Sql } from '@pulp/database/sql';
import { artifactName, type ArtifactStorage } from '@pulp/storage/artifact-storage';
import { createStorage, FILESYSTEM_STORAGE, type StorageSettings } from '@pulp/storage/storage-settings';
import { currentDomain } from './domain-context';
import { DEFAULT_DOMAIN_NAME } from './domain-names';

/** Where a domain's artifact files live, and how the content app answers with them. */
export interface DomainStore {
  readonly id: string;
  readonly name: string;
  readonly storage: ArtifactStorage;
  /** The content app redirects to a storage that can presign (REDIRECT_TO_OBJECT_STORAGE for `default`). */
  readonly redirectToObjectStorage: boolean;
  /** Storage name of this domain's artifact with that sha256 (Pulp's get_artifact_path). */
  artifactName(sha256: string): string;
}

/** The core_domain columns a store is built from (storage settings still encrypted). */
interface StoreRow {
  pulp_id: string;
  name: string;
  storage_class: string;
  storage_settings: unknown;
  redirect_to_object_storage: boolean;
  pulp_last_updated: Date;
}

interface BuiltStore extends DomainStore {
  /** The row's pulp_last_updated (ms) it was built from: an unchanged row keeps its storage client. */
  readonly version: number;
}

const STORE_COLUMNS = 'pulp_id, name, storage_class, storage_settings, redirect_to_object_storage, pulp_last_updated';
const TABLES = ['core_domain'];
/** The generation a store is kept at where changes are not followed: never a hit, kept for its storage. */
const UNFOLLOWED = -1;

/**
 * The artifact storage of each domain, for every process (Pulp's Domain.get_storage): the `default`
 * domain uses the global storage (STORAGES.default, built once at start-up); any other is built from
 * its row (storage_class and decrypted storage_settings) and kept until the row changes, as
 * TableChanges tells. While changes cannot be followed (no listener, or its connection is down) the
 * row is read on each call, one indexed query, and an unchanged row keeps its built storage.
 */
export class DomainStorages {
  private readonly stores = new GenerationCache<Promise<BuiltStore>>(1024);
  private defaultId?: Promise<string>;

  constructor(
    private readonly sql: Sql,
    private readonly global: ArtifactStorage,
    private readonly settings: Pick<PulpSettings, 'REDIRECT_TO_OBJECT_STORAGE' | 'MEDIA_ROOT'>,
    private readonly encryption: Pick<DatabaseEncryption, 'decrypt'>,
    private readonly changes?: Pick<TableChanges, 'generationOf'>,
  ) {}

  /**
   * The store of the domain with this id; rejects for a domain that does not exist. While the
   * database is unreachable, the store known last serves on (the content app answers from its
   * caches through an outage).
   */
  of(domainId: string): Promise<DomainStore> {
    const generation = this.changes?.generationOf(TABLES);
    const cached = generation === undefined ? undefined : this.stores.get(domainId, generation);
    if (cached) {
      return cached;
    }
    const previous = this.stores.latest(domainId);
    const loading: Promise<BuiltStore> = this.load(this.sql, domainId, previous?.value).catch((error: unknown) => {
      if (previous && isConnectionError(error)) {
        this.stores.restoreIf(domainId, loading, previous);
        return previous.value;
      }
      throw error;
    });
    this.stores.set(domainId, generation ?? UNFOLLOWED, loading);
    loading.catch(() => this.stores.deleteIf(domainId, loading));
    return loading;
  }

  /** The store of the domain in context (the request's or the task's), `default`'s outside any. */
  async current(): Promise<DomainStore> {
    return this.of(await this.currentId());
  }

  /** The id of the domain in context (the request's or the task's), `default`'s outside any. */
  async currentId(): Promise<string> {
    return currentDomain()?.id ?? this.defaultDomainId();
  }

  /** The id of the `default` domain, which always exists and is never renamed. */
  defaultDomainId(): Promise<string> {
    this.defaultId ??= this.sql<{ pulp_id: string }>('SELECT pulp_id FROM core_domain WHERE name = $1', [
      DEFAULT_DOMAIN_NAME,
    ]).then(([row]) => {
      if (!row) {
        this.defaultId = undefined;
        throw new Error('The default domain does not exist: run pulpcore-manager migrate.');
      }
      return row.pulp_id;
    });
    return this.defaultId;
  }

  /**
   * The store of a domain as `sql`'s transaction sees its row, which stays share-locked until that
   * transaction ends: a writer of artifact files calls it before storing, so its files go where the
   * domain's committed row says, and a storage migration's switch waits for it to finish.
   */
  async locked(sql: Sql, domainId: string): Promise<DomainStore> {
    return this.load(sql, domainId, this.stores.latest(domainId)?.value, 'FOR KEY SHARE');
  }

  private async load(
    sql: Sql,
    domainId: string,
    previous: Promise<BuiltStore> | undefined,
    lock = '',
  ): Promise<BuiltStore> {
    const [row] = await sql<StoreRow>(`SELECT ${STORE_COLUMNS} FROM core_domain WHERE pulp_id = $1 ${lock}`, [
      domainId,
    ]);
    if (!row) {
      throw new Error(`No domain with id ${domainId}`);
    }
    const kept = await previous?.catch(() => undefined);
    return kept?.version === row.pulp_last_updated.getTime() ? kept : this.build(row);
  }

  /**
   * A domain's own storage. A filesystem domain with a blank `location` (Pulp takes it, and Django
   * would then store in the process's working directory) stores under MEDIA_ROOT, as the global
   * storage does; its files are apart from `default`'s all the same, under its id.
   */
  private create(row: StoreRow): ArtifactStorage {
    const settings = decryptJson(row.storage_settings, this.encryption) as StorageSettings;
    if (row.storage_class === FILESYSTEM_STORAGE && !settings.location) {
      return createStorage(row.storage_class, { ...settings, location: this.settings.MEDIA_ROOT });
    }
    return createStorage(row.storage_class, settings);
  }

  private build(row: StoreRow): BuiltStore {
    const isDefault = row.name === DEFAULT_DOMAIN_NAME;
    const storage = isDefault ? this.global : this.create(row);
    return {
      id: row.pulp_id,
      name: row.name,
      storage,
      redirectToObjectStorage: isDefault ? this.settings.REDIRECT_TO_OBJECT_STORAGE : row.redirect_to_object_storage,
      artifactName: (sha256) => artifactName(sha256, isDefault ? undefined : row.pulp_id),
      version: row.pulp_last_updated.getTime(),
    };
  }
}
