import { ContextSlot } from '@pulp/async-context';
import type { Caller } from './grants';

/**
 * What code below the guard knows of the request it serves, without being handed it: the store is
 * made empty when the request arrives (a Fastify hook, installCallerContext) and filled by the guard.
 * Outside a request (workers, CLI) there is none: no caller, nothing scoped.
 */
export interface RequestAccess {
  caller?: Caller;
  /** The request's access policy scopes querysets (and the caller is no superuser). */
  scoped: boolean;
  /** Grants read for this request (per permission), so a page and its count ask once. */
  readonly grants: Map<string, Promise<unknown>>;
}

const access = new ContextSlot<RequestAccess>('pulp.request_access');

/** The Fastify hook: every request runs with a store of its own, empty until the guard fills it. */
export function installCallerContext(fastify: {
  addHook(name: 'onRequest', hook: (request: unknown, reply: unknown, done: () => void) => void): unknown;
}): void {
  fastify.addHook('onRequest', (_request, _reply, done) => {
    access.run({ scoped: false, grants: new Map() }, done);
  });
}

/** The store of the request being served, if any. */
export function requestAccess(): RequestAccess | undefined {
  return access.get();
}
