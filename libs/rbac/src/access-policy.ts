/**
 * What an access policy is asked about a request: the viewset (Pulp's `viewset_name`, the URL path
 * of the viewset below the API root, `repositories/file/file`) and DRF's action on it (`list`,
 * `partial_update`, `sync`…). Nest-free, so the boot check and the derivation are unit-tested.
 */
export interface AccessTarget {
  viewset: string;
  action: string;
}

/** DRF's action names where the operationId's suffix differs from them. */
const DRF_ACTIONS: Record<string, string> = { read: 'retrieve', delete: 'destroy' };

/**
 * The action of an operation, read off its operationId: the viewset's own prefix
 * (`repositories/file/file` → `repositories_file_file_`) is stripped and drf-spectacular's
 * renamings are undone (`_read` → `retrieve`, `_delete` → `destroy`). Undefined when the
 * operationId does not belong to the viewset: that handler must name its action.
 */
export function deriveAction(viewset: string, operationId: string | undefined): string | undefined {
  const prefix = `${viewset.replace(/[/-]/g, '_')}_`;
  if (!operationId?.startsWith(prefix) || operationId.length === prefix.length) {
    return undefined;
  }
  const suffix = operationId.slice(prefix.length);
  return DRF_ACTIONS[suffix] ?? suffix;
}

/** A route without an access policy: a mistake in the code, told to whoever starts the API in one line. */
export class AccessPolicyError extends Error {}

/** What the decorators say of one routed handler. */
export interface RoutedHandler {
  /** `Controller.method`, for messages. */
  name: string;
  /** The handler's (else its controller's) access-policy name; `false` when declared exempt. */
  viewset: string | false | undefined;
  /** An explicit action, when the operationId does not give the right one. */
  action: string | undefined;
  operationId: string | undefined;
}

/** The handler's access target, `null` when exempt; throws a one-line message naming the handler when it has none. */
export function accessTarget(handler: RoutedHandler): AccessTarget | null {
  const { name, viewset } = handler;
  if (viewset === false) {
    return null;
  }
  if (viewset === undefined) {
    throw new AccessPolicyError(
      `${name} has no access-policy name: decorate its controller with @AccessPolicy('<viewset>') or @NoAccessPolicy().`,
    );
  }
  const action = handler.action ?? deriveAction(viewset, handler.operationId);
  if (action === undefined) {
    throw new AccessPolicyError(
      `${name}: no access-policy action can be read off operationId ${handler.operationId ?? '(none)'} ` +
        `for viewset ${viewset}; decorate it with @AccessAction('<action>').`,
    );
  }
  return { viewset, action };
}

/** Throws (naming the first offender) unless every routed handler has an access target or is exempt. */
export function checkAccessPolicies(handlers: RoutedHandler[]): void {
  handlers.forEach(accessTarget);
}
