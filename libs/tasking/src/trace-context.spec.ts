import { MAX_TRACESTATE_LENGTH, traceCarrier, validTraceparent } from './trace-context';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('validTraceparent', () => {
  it('accepts a W3C traceparent', () => {
    expect(validTraceparent(PARENT)).toBe(true);
    expect(validTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toBe(true);
  });

  it.each([
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['upper case', PARENT.toUpperCase()],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['trailing junk', `${PARENT}-x`],
    ['a newline', `${PARENT}\n`],
    ['not a string', 42],
  ])('refuses %s', (_what, value) => {
    expect(validTraceparent(value)).toBe(false);
  });
});

describe('traceCarrier', () => {
  it('keeps traceparent and tracestate', () => {
    expect(traceCarrier({ traceparent: PARENT, tracestate: 'congo=t61rcWkgMzE' })).toEqual({
      traceparent: PARENT,
      tracestate: 'congo=t61rcWkgMzE',
    });
  });

  it('drops an empty, oversized or non-string tracestate', () => {
    for (const tracestate of ['', 'a'.repeat(MAX_TRACESTATE_LENGTH + 1), 7, ['x']]) {
      expect(traceCarrier({ traceparent: PARENT, tracestate })).toEqual({ traceparent: PARENT });
    }
  });

  it('drops a tracestate that JSON would grow past the column bound, or with control characters', () => {
    for (const tracestate of ['a=' + '\\'.repeat(500), 'a="quoted"', 'a=b\u0000', 'a=é']) {
      expect(traceCarrier({ traceparent: PARENT, tracestate })).toEqual({ traceparent: PARENT });
    }
    // The largest carrier kept fits the column's 1024 bytes (jsonb's text adds a blank per member).
    const largest = traceCarrier({ traceparent: PARENT, tracestate: 'k=' + 'v'.repeat(MAX_TRACESTATE_LENGTH - 2) });
    expect(Buffer.byteLength(JSON.stringify(largest)) + 4).toBeLessThanOrEqual(1024);
  });

  it('is null without a valid traceparent (telemetry off: nothing was injected)', () => {
    expect(traceCarrier({})).toBeNull();
    expect(traceCarrier(null)).toBeNull();
    expect(traceCarrier('00-…')).toBeNull();
    expect(traceCarrier({ traceparent: 'garbage' })).toBeNull();
    // An inherited property is not the carrier's own.
    expect(traceCarrier(Object.create({ traceparent: PARENT }))).toBeNull();
  });
});
