import { BeforeInsert, Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { uuid7 } from './uuid7';

/** Columns every Pulp model has: a time-ordered UUID key and creation/update times. */
export abstract class PulpEntity {
  @PrimaryColumn('uuid', { name: 'pulp_id' })
  pulpId!: string;

  @CreateDateColumn({ name: 'pulp_created', type: 'timestamptz' })
  pulpCreated!: Date;

  @UpdateDateColumn({ name: 'pulp_last_updated', type: 'timestamptz' })
  pulpLastUpdated!: Date;

  @BeforeInsert()
  protected assignId(): void {
    this.pulpId ??= uuid7();
  }
}

/**
 * A model that belongs to a domain (multi-tenancy). Every such table has `pulp_domain`
 * referencing core_domain from its first migration, so turning domains on needs no re-keying.
 */
export abstract class DomainScopedEntity extends PulpEntity {
  @Column('uuid', { name: 'pulp_domain_id' })
  pulpDomainId!: string;
}
