import { createServer, type RequestListener } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { PulpServerResponse, wireName } from './header-case';

describe('wireName', () => {
  it.each([
    ['correlation-id', 'Correlation-ID'],
    ['CORRELATION-ID', 'Correlation-ID'],
    ['x-pulp-cache', 'X-PULP-CACHE'],
    ['x-pulp-artifact-size', 'X-PULP-ARTIFACT-SIZE'],
    ['etag', 'ETag'],
    ['www-authenticate', 'WWW-Authenticate'],
    ['content-type', 'Content-Type'],
    ['LAST-MODIFIED', 'Last-Modified'],
    ['x-upstream-thing', 'X-Upstream-Thing'],
    ['allow', 'Allow'],
  ])('spells %p as %p', (name, spelled) => {
    expect(wireName(name)).toBe(spelled);
  });
});

describe('PulpServerResponse', () => {
  /** The header lines of one answer of `handler`, exactly as they came over a socket. */
  const headerLines = async (handler: RequestListener): Promise<string[]> => {
    const server = createServer({ ServerResponse: PulpServerResponse }, handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    return raw
      .split('\r\n\r\n')[0]
      .split('\r\n')
      .slice(1)
      .filter((line) => !/^(Date|Connection|Transfer-Encoding):/.test(line));
  };

  it('sends names given to setHeader and appendHeader in their wire spelling', async () => {
    const lines = await headerLines((_request, response) => {
      response.setHeader('correlation-id', 'abc');
      response.setHeader('x-pulp-cache', 'MISS');
      response.appendHeader('etag', '"1"');
      response.end();
    });
    expect(lines).toEqual(['Correlation-ID: abc', 'X-PULP-CACHE: MISS', 'ETag: "1"', 'Content-Length: 0']);
  });

  it('renames the headers writeHead takes, as an object or as a flat list, with or without a reason', async () => {
    expect(
      await headerLines((_request, response) => response.writeHead(200, { 'x-pulp-artifact-size': '3' }).end('abc')),
    ).toEqual(['X-PULP-ARTIFACT-SIZE: 3']);
    expect(
      await headerLines((_request, response) =>
        response.writeHead(404, 'Gone Fishing', ['content-type', 'text/plain', 'www-authenticate', 'Basic']).end(),
      ),
    ).toEqual(['Content-Type: text/plain', 'WWW-Authenticate: Basic']);
    expect(
      await headerLines((_request, response) => {
        response.setHeader('content-type', 'text/plain');
        response.writeHead(200, { 'last-modified': 'now' }).end();
      }),
    ).toEqual(['Content-Type: text/plain', 'Last-Modified: now']);
  });
});
