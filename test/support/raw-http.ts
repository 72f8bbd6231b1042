import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The header names as they came over the wire, in their case and order. */
  rawNames: string[];
  body: Buffer;
}

/**
 * A request sent with its path exactly as given (no URL normalisation, unlike fetch: `..`, `%2e%2e`
 * and `//` reach the server as written). Rejects when the connection breaks before the body ends.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('response aborted')));
      response.on('end', () => {
        if (!response.complete) {
          reject(new Error('response incomplete'));
          return;
        }
        resolve({
          status: response.statusCode!,
          headers: response.headers,
          rawNames: response.rawHeaders.filter((_item, index) => index % 2 === 0),
          body: Buffer.concat(chunks),
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
