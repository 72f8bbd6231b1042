import { randomUUID } from 'node:crypto';
import { ContextSlot, type ContextValues } from '@pulp/async-context';

const correlationId = new ContextSlot<string>('pulp.correlation_id');
const HEX_ID = /^[0-9a-f]{32}$/i;
const DASHED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client's id is kept when it is a UUID (32 hex or dashed), else replaced, as django-guid does. */
export function acceptCorrelationId(incoming: string | undefined): string {
  if (incoming !== undefined && (HEX_ID.test(incoming) || DASHED_ID.test(incoming))) {
    return incoming;
  }
  return randomUUID().replaceAll('-', '');
}

/** The current context with `id` as the correlation id of every log line written in it. */
export function withCorrelationId(id: string): ContextValues {
  return correlationId.with(id);
}

/**
 * A process that does one thing at a time (the worker's task process, one task after another)
 * names its correlation id here instead: no async context, whose async hooks tax every promise of
 * the process once it is first used.
 */
let processCorrelationId: string | undefined;

export function setProcessCorrelationId(id: string | undefined): void {
  processCorrelationId = id;
}

export function currentCorrelationId(): string | undefined {
  return correlationId.get() ?? processCorrelationId;
}
