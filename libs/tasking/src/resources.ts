const SHARED = 'shared:';

/**
 * `reserved_resources_record` as Pulp stores it: exclusive names, then `shared:`-prefixed shared
 * ones. The domain always joins the shared list unless the task is exclusive on it; a name given
 * both ways counts as exclusive; duplicates go.
 */
export function reservedResources(
  exclusive: readonly string[],
  shared: readonly string[],
  domainPrn: string,
): string[] {
  const exclusiveSet = new Set(exclusive);
  const sharedSet = new Set([...shared, domainPrn].filter((name) => !exclusiveSet.has(name)));
  return [...exclusiveSet, ...[...sharedSet].map((name) => `${SHARED}${name}`)];
}

/** Splits a record into its exclusive and shared names. */
export function splitResources(record: readonly string[]): { exclusive: string[]; shared: string[] } {
  const exclusive = record.filter((name) => !name.startsWith(SHARED));
  const shared = record
    .filter((name) => name.startsWith(SHARED))
    .map((name) => name.slice(SHARED.length))
    .filter((name) => !exclusive.includes(name));
  return { exclusive, shared };
}

export interface QueuedTask {
  id: string;
  state: string;
  unblocked: boolean;
  resources: readonly string[];
}

/**
 * Pulp's unblocker rule over incomplete tasks in creation order: a waiting task may start when no
 * earlier incomplete task holds one of its exclusive resources at all, nor one of its shared
 * resources exclusively. Every task reserves its resources whether or not it may start, so a
 * later task never overtakes an earlier one it conflicts with (strict FIFO per resource).
 * Returns the ids to mark unblocked: newly startable waiting tasks and canceling ones.
 */
export function tasksToUnblock(queue: readonly QueuedTask[]): string[] {
  const takenExclusive = new Set<string>();
  const takenShared = new Set<string>();
  const unblock: string[] = [];
  for (const task of queue) {
    const { exclusive, shared } = splitResources(task.resources);
    if (!task.unblocked) {
      const free =
        exclusive.every((name) => !takenExclusive.has(name) && !takenShared.has(name)) &&
        shared.every((name) => !takenExclusive.has(name));
      if (task.state === 'canceling' || task.state === 'running' || (task.state === 'waiting' && free)) {
        unblock.push(task.id);
      }
    }
    exclusive.forEach((name) => takenExclusive.add(name));
    shared.forEach((name) => takenShared.add(name));
  }
  return unblock;
}
