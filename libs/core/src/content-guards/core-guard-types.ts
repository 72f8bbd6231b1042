import { Injectable } from '@nestjs/common';
import type { Sql } from '@pulp/database';
import { ContentGuardType, type ContentGuardTypeLoader, type GuardLoader } from './content-guard-type';
import { compositeGuard, headerGuard, refusingGuard, type HeaderGuardFields, type LoadedGuard } from './guard-check';

/** `core.header`: its row of core_headercontentguard. */
@Injectable()
@ContentGuardType('core.header')
export class HeaderGuardType implements ContentGuardTypeLoader {
  async load(sql: Sql, guardId: string): Promise<LoadedGuard> {
    const [fields] = await sql<HeaderGuardFields>(
      'SELECT header_name, header_value, jq_filter FROM core_headercontentguard WHERE contentguard_ptr_id = $1',
      [guardId],
    );
    return fields ? headerGuard(fields) : refusingGuard('Header content guard has no header to check.');
  }
}

/** `core.composite`: its members (core_compositecontentguard_guards), each loaded by its own type. */
@Injectable()
@ContentGuardType('core.composite')
export class CompositeGuardType implements ContentGuardTypeLoader {
  async load(sql: Sql, guardId: string, members: GuardLoader): Promise<LoadedGuard> {
    const rows = await sql<{ pulp_id: string; name: string }>(
      `SELECT g.pulp_id, g.name FROM core_compositecontentguard_guards m
         JOIN core_contentguard g ON g.pulp_id = m.guard_id WHERE m.composite_id = $1`,
      [guardId],
    );
    return compositeGuard(
      await Promise.all(rows.map(async (row) => ({ name: row.name, guard: await members(row.pulp_id) }))),
    );
  }
}
