import { resourceApiPath, type PulpSettings } from '@pulp/config';
import { currentDomainName } from '@pulp/domains/domain-context';
import type { DispatchOptions, TaskQueue } from '../task-queue';
import type { AsyncOperationResponse } from './purge.dto';

/** The authenticated user of a request, when there is one (RBAC's guard sets it). */
export interface RequestUser {
  user?: { id: number };
}

/**
 * Dispatches a task for an API request, with the request's user as its creator, and answers with
 * Pulp's `202` body for asynchronous operations: exactly `{"task": href}`.
 */
export async function dispatchAccepted(
  queue: TaskQueue,
  settings: Pick<PulpSettings, 'API_ROOT' | 'DOMAIN_ENABLED'>,
  request: RequestUser,
  name: string,
  options: Omit<DispatchOptions, 'createdById'> = {},
): Promise<AsyncOperationResponse> {
  const { id } = await queue.dispatch(name, { ...options, createdById: request.user?.id ?? null });
  return { task: `${resourceApiPath(settings, currentDomainName())}tasks/${id}/` };
}
