/** Injection token of this process's ProcessIdentity. */
export const PROCESS_IDENTITY = Symbol('PROCESS_IDENTITY');
