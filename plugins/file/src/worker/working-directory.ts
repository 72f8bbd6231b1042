import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sql } from '@pulp/plugin-api';

const PREFIX = 'file-sync-';

/**
 * A sync's own directory below WORKING_DIRECTORY, for the manifest and spooled downloads; removed
 * when the sync ends. A canceled sync is killed before it can remove its own, so each sync first
 * removes those of syncs that have ended: a failed or canceled sync leaves no file behind for long.
 */
export async function syncDirectory(sql: Sql, workingDirectory: string, taskId: string): Promise<string> {
  const names = (await readdir(workingDirectory).catch(() => [] as string[])).filter((name) => name.startsWith(PREFIX));
  if (names.length > 0) {
    const ended = await sql<{ id: string }>(
      `SELECT pulp_id::text AS id FROM core_task
        WHERE pulp_id = ANY($1::uuid[]) AND state IN ('completed', 'failed', 'canceled', 'skipped')`,
      [names.map((name) => name.slice(PREFIX.length)).filter((id) => /^[0-9a-f-]{36}$/.test(id))],
    );
    await Promise.all(
      ended.map(({ id }) => rm(join(workingDirectory, `${PREFIX}${id}`), { recursive: true, force: true })),
    );
  }
  const dir = join(workingDirectory, `${PREFIX}${taskId}`);
  await mkdir(dir, { recursive: true });
  return dir;
}
