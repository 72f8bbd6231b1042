import { Injectable } from '@nestjs/common';
import { DatabaseEncryption } from '@pulp/database';
import { DomainStorages, isDefaultDomain } from '@pulp/domains';
import { PulpError } from '@pulp/errors';
import type { TaskContext } from '@pulp/tasking';
import { cleanUpOrphans } from '../orphans/orphans';
import { domainDeletionRefusal } from './domain-deletion';
import { DomainView } from './domain-view';
import { updateDomain, type DomainColumns } from './domain-rows';

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The domain's part of Pulp's general update and delete tasks (GeneralTasks hands them domains):
 * both hold the domain exclusively, so they never overlap each other.
 */
@Injectable()
export class DomainTasks {
  constructor(
    private readonly encryption: DatabaseEncryption,
    private readonly storages: DomainStorages,
    private readonly view: DomainView,
  ) {}

  /** Writes the columns the API checked; the task's result is the domain's body. */
  async update({ kwargs, sql }: TaskContext): Promise<unknown> {
    const id = String(kwargs.pk);
    await updateDomain(sql, id, kwargs.data as DomainColumns, this.encryption);
    return (await this.view.created(id)) ?? null;
  }

  /**
   * Deletes a domain nothing of the user's is left in (checked again here: the API checked before
   * queueing). Its orphan content and artifacts go first, files included, as Pulp's pre-delete hook
   * does; then the row, under a lock that makes any insert into the domain wait, so none slips in
   * between the last check and the delete.
   */
  async delete({ kwargs, sql, transaction, progress }: TaskContext): Promise<null> {
    const id = String(kwargs.pk);
    const [domain] = await sql<{ name: string }>('SELECT name FROM core_domain WHERE pulp_id = $1', [id]);
    if (!domain) {
      return null;
    }
    if (isDefaultDomain(domain.name)) {
      throw new PulpError('invalid', 'PLP0001', 'Default domain can not be deleted.');
    }
    await this.refuseInUse(sql, id, domain.name);
    await cleanUpOrphans({ sql, transaction }, this.storages, progress, {
      domainId: id,
      protectionMinutes: 0,
      contentIds: null,
    });
    await transaction(async (sql) => {
      await sql('SELECT 1 FROM core_domain WHERE pulp_id = $1 FOR UPDATE', [id]);
      await this.refuseInUse(sql, id, domain.name);
      await sql('DELETE FROM core_domain WHERE pulp_id = $1', [id]).catch((error: unknown) => {
        // Content a request added since the orphans went, or still in a publication's metadata.
        if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
          throw new PulpError(
            'invalid',
            'PLP0007',
            'You cannot delete a domain that still contains repositories with content.',
          );
        }
        throw error;
      });
    });
    return null;
  }

  private async refuseInUse(sql: TaskContext['sql'], id: string, name: string): Promise<void> {
    const refusal = await domainDeletionRefusal(sql, id, name);
    if (refusal) {
      throw new PulpError('invalid', 'PLP0007', refusal);
    }
  }
}
