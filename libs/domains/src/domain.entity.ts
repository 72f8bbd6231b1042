import { Column, Entity } from 'typeorm';
import { PulpEntity, type EncryptedColumns } from '@pulp/database';

/** A tenant: its own content, repositories and storage. The `default` domain always exists. */
@Entity({ name: 'core_domain' })
export class Domain extends PulpEntity {
  @Column('text', { unique: true })
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('jsonb', { name: 'pulp_labels', default: {} })
  pulpLabels!: Record<string, string | null>;

  @Column('text', { name: 'storage_class' })
  storageClass!: string;

  /** Encrypted as Pulp's EncryptedJSONField (encryptJson): never read or written through this entity. */
  @Column('jsonb', { name: 'storage_settings', default: {} })
  storageSettings!: Record<string, unknown>;

  @Column('boolean', { name: 'redirect_to_object_storage', default: true })
  redirectToObjectStorage!: boolean;

  @Column('boolean', { name: 'hide_guarded_distributions', default: false })
  hideGuardedDistributions!: boolean;
}

/** The encrypted column of core_domain, for key rotation (`rotate-db-key`). */
export const DOMAIN_STORAGE_SETTINGS: EncryptedColumns = {
  table: 'core_domain',
  columns: ['storage_settings'],
  json: true,
};
