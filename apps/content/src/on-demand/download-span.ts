import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { redactUrl } from '@pulp/download';
import { redactQueryValues, telemetryEnabled } from '@pulp/telemetry';

/** One on-demand fetch from a remote, as a CLIENT span under the content request's span. */
export interface DownloadSpan {
  answered(status: number): void;
  /** The whole file arrived (and was verified): `bytes` long. */
  finished(bytes: number): void;
  failed(error: unknown): void;
}

/** A span for fetching `url` from `remote`, or undefined when telemetry is off. */
export function startDownloadSpan(url: string, remote: string): DownloadSpan | undefined {
  if (!telemetryEnabled()) {
    return undefined;
  }
  const target = spanTarget(url);
  const span = trace.getTracer('pulp').startSpan(`GET ${target.host}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': 'GET',
      'url.full': target.href,
      'server.address': target.host,
      'pulp.remote': remote,
    },
  });
  return {
    answered: (status) => span.setAttribute('http.response.status_code', status),
    finished: (bytes) => {
      span.setAttribute('http.response.body.size', bytes);
      span.end();
    },
    failed: (error) => fail(span, error),
  };
}

/**
 * The URL without credentials, and with every query value replaced (signed URLs carry secrets
 * there); its host, or its scheme for a `file:` URL.
 */
function spanTarget(url: string): { href: string; host: string } {
  const redacted = redactUrl(url);
  try {
    const shown = new URL(redacted);
    return { href: redactQueryValues(shown.href), host: shown.host || shown.protocol.slice(0, -1) };
  } catch {
    return { href: redacted.split('?', 1)[0], host: 'remote' };
  }
}

function fail(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: redactQueryValues(message) });
  span.end();
}
