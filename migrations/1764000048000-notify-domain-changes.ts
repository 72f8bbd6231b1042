import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notifyTableChangesSql } from '@pulp/database';

/**
 * Writes to core_domain notify `pulp_table_changes`: every process keeps each domain's artifact
 * storage built (DomainStorages) and rebuilds it as soon as the domain's storage settings change
 * (an update, a storage migration's switch).
 */
export class NotifyDomainChanges1764000048000 implements MigrationInterface {
  name = 'NotifyDomainChanges1764000048000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(notifyTableChangesSql('core_domain'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER core_domain_notify_changes ON core_domain');
  }
}
