// Nest-free, so that unit tests load it.

import { ContextSlot } from '@pulp/async-context';
import { DEFAULT_DOMAIN_NAME } from '@pulp/config/api-paths';

/** A domain as the code working in it knows it. */
export interface DomainRef {
  readonly id: string;
  readonly name: string;
}

/**
 * The domain the work in progress belongs to: a request's is the one its URL names (with
 * DOMAIN_ENABLED), a task's the one it was dispatched in. Outside both (start-up, manager
 * commands, requests without domains) there is none, and everything is in `default`.
 */
const context = new ContextSlot<DomainRef>('pulp.domain');

export function inDomain<T>(domain: DomainRef, run: () => T): T {
  return context.run(domain, run);
}

export function currentDomain(): DomainRef | undefined {
  return context.get();
}

/** The name the current domain's URLs carry (`/pulp/<name>/api/v3/`). */
export function currentDomainName(): string {
  return context.get()?.name ?? DEFAULT_DOMAIN_NAME;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SQL for the current domain's id, for statements that create rows in it. The id was read from
 * core_domain, and is checked to be a uuid before it is written into SQL as a literal: statements
 * keep their parameter numbering, and cached pages are keyed by their SQL, so by their domain.
 */
export function currentDomainIdSql(): string {
  const domain = context.get();
  if (!domain) {
    return `(SELECT pulp_id FROM core_domain WHERE name = '${DEFAULT_DOMAIN_NAME}')`;
  }
  if (!UUID.test(domain.id)) {
    throw new Error(`Domain id ${JSON.stringify(domain.id)} is no uuid`);
  }
  return `'${domain.id}'::uuid`;
}
