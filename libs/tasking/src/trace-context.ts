/**
 * The W3C trace context a task row carries (`core_task.trace_context`): what `propagation.inject`
 * wrote for the dispatcher's active span. Only a well-formed `traceparent` is kept, and a
 * `tracestate` within the length W3C asks propagators to honour, so that a row never carries more
 * than the column's bound and a worker never parents its span on garbage.
 */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

// version-traceid-parentid-flags, lower-case hex (W3C Trace Context, §3.2).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
/** W3C: propagators must carry tracestate up to 512 characters, and may drop a longer one. */
export const MAX_TRACESTATE_LENGTH = 512;
/**
 * Printable ASCII without `"` and `\`, which W3C allows in values but JSON doubles: so the stored
 * row stays within the column's byte bound whatever a caller sends.
 */
const STORABLE_TRACESTATE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

/** Whether `value` is a traceparent a worker may parent a span on: version 00 form, no all-zero ids, not version ff. */
export function validTraceparent(value: unknown): value is string {
  const match = typeof value === 'string' ? TRACEPARENT.exec(value) : null;
  return match !== null && match[1] !== 'ff' && !/^0+$/.test(match[2]) && !/^0+$/.test(match[3]);
}

/**
 * The carrier to store or to extract from: null when it has no valid traceparent (telemetry off,
 * no active span, a row altered by hand); a tracestate that is not a bounded, storable string is dropped.
 */
export function traceCarrier(value: unknown): TraceCarrier | null {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'traceparent')) {
    return null;
  }
  const { traceparent, tracestate } = value as Record<string, unknown>;
  if (!validTraceparent(traceparent)) {
    return null;
  }
  return typeof tracestate === 'string' &&
    tracestate.length <= MAX_TRACESTATE_LENGTH &&
    STORABLE_TRACESTATE.test(tracestate)
    ? { traceparent, tracestate }
    : { traceparent };
}
