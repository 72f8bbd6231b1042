import { AsyncLocalStorage } from 'node:async_hooks';
export interface DomainRef {
  readonly id: string;
  readonly name: string;
}
const context = new AsyncLocalStorage<DomainRef>();
export function inDomain<T>(domain: DomainRef, run: () => T): T {
  return context.run(domain, run);
}
export function currentDomain(): DomainRef | undefined {
  return context.getStore();
}
