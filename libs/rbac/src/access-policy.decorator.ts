import { SetMetadata } from '@nestjs/common';

export const ACCESS_POLICY = Symbol('pulp:access-policy');
export const ACCESS_ACTION = Symbol('pulp:access-action');

/**
 * The access policy (Pulp's `viewset_name`, e.g. `repositories/file/file`) guarding a controller's
 * routes; on a handler it overrides the controller's (one controller serving several viewsets).
 */
export const AccessPolicy = (viewset: string) => SetMetadata(ACCESS_POLICY, viewset);

/** The route answers without any access policy (status, livez, docs, login): said out loud, never by omission. */
export const NoAccessPolicy = () => SetMetadata(ACCESS_POLICY, false);

/** The DRF action of a handler whose operationId's suffix is not it (`tasks_cancel` is `partial_update`). */
export const AccessAction = (action: string) => SetMetadata(ACCESS_ACTION, action);
