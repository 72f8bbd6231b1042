// Nest-free, as DomainStorages (DomainStoragesModule provides it).
import type { TableChanges } from '@pulp/database';
import { GenerationCache } from '@pulp/database/generation-cache';
import type { Sql } from '@pulp/database/sql';
import type { DomainRef } from './domain-context';

const TABLES = ['core_domain'];

/**
 * The domain of a name, as a request's URL names it: read once per name and kept until core_domain
 * changes (TableChanges), so a request pays no query for its domain; read every time while changes
 * cannot be followed. Unknown names are kept too (as none), a bounded number of them.
 */
export class DomainDirectory {
  private readonly kept = new GenerationCache<Promise<DomainRef | undefined>>(1024);

  constructor(
    private readonly sql: Sql,
    private readonly changes?: Pick<TableChanges, 'generationOf'>,
  ) {}

  byName(name: string): Promise<DomainRef | undefined> {
    const generation = this.changes?.generationOf(TABLES);
    if (generation === undefined) {
      return this.read(name);
    }
    const kept = this.kept.get(name, generation);
    if (kept) {
      return kept;
    }
    const read = this.read(name);
    this.kept.set(name, generation, read);
    read.catch(() => this.kept.deleteIf(name, read));
    return read;
  }

  private async read(name: string): Promise<DomainRef | undefined> {
    const [domain] = await this.sql<DomainRef>('SELECT pulp_id::text AS id, name FROM core_domain WHERE name = $1', [
      name,
    ]);
    return domain;
  }
}
