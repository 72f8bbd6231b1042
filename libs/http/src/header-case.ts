import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

/**
 * Response header names as Pulp's servers spell them where Title-Case would not (Django and aiohttp
 * send the others in Title-Case): clients that print headers, and scripts that grep them, see these.
 */
const SPELLED = new Map(
  ['Correlation-ID', 'X-PULP-CACHE', 'X-PULP-ARTIFACT-SIZE', 'ETag', 'WWW-Authenticate', 'Content-MD5'].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

/** Names seen so far, bounded: upstream servers relayed by the content app may send any name. */
const seen = new Map<string, string>();
const SEEN_LIMIT = 1000;

/**
 * A header name as it goes on the wire: Pulp's spelling (`Correlation-ID`), else Title-Case
 * (`Content-Type`). Fastify keeps every name in lower case, whatever case the code gave.
 */
export function wireName(name: string): string {
  const known = seen.get(name);
  if (known !== undefined) {
    return known;
  }
  const lower = name.toLowerCase();
  const spelled =
    SPELLED.get(lower) ??
    lower.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
  if (seen.size < SEEN_LIMIT) {
    seen.set(name, spelled);
  }
  return spelled;
}

/**
 * The response of every Pulp HTTP server: names given to setHeader, appendHeader and writeHead (the
 * only ways a name reaches the wire) are sent as wireName spells them.
 */
export class PulpServerResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override setHeader(name: string, value: number | string | readonly string[]): this {
    return super.setHeader(wireName(name), value);
  }

  override appendHeader(name: string, value: string | readonly string[]): this {
    return super.appendHeader(wireName(name), value);
  }

  override writeHead(
    statusCode: number,
    reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    if (typeof reasonOrHeaders === 'string') {
      return super.writeHead(statusCode, reasonOrHeaders, headers && wireNames(headers));
    }
    return super.writeHead(statusCode, reasonOrHeaders && wireNames(reasonOrHeaders));
  }
}

/** Headers as writeHead takes them (an object, or names and values alternating in one array), renamed. */
function wireNames(headers: OutgoingHttpHeaders | OutgoingHttpHeader[]): OutgoingHttpHeaders | OutgoingHttpHeader[] {
  if (Array.isArray(headers)) {
    return headers.map((item, index) => (index % 2 === 0 && typeof item === 'string' ? wireName(item) : item));
  }
  const renamed: OutgoingHttpHeaders = Object.create(null) as OutgoingHttpHeaders;
  for (const [name, value] of Object.entries(headers)) {
    renamed[wireName(name)] = value;
  }
  return renamed;
}
