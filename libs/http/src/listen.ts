import { createServer, type Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PulpServerResponse } from './header-case';

/** Thrown when an address cannot be bound: the message is what the operator needs, no stack. */
export class ListenError extends Error {}

/** Listens on every address; a taken port or a bad address fails with a plain message. */
export async function listenOn(
  app: NestFastifyApplication,
  bind: Array<{ host: string; port: number }>,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const [first, ...more] = bind;
  // Fastify owns one server; each further address is a plain server handing requests to its router.
  const extra: Server[] = more.map(() => {
    const server = createServer({ ServerResponse: PulpServerResponse }, (request, response) =>
      fastify.routing(request, response),
    );
    server.requestTimeout = fastify.server.requestTimeout; // --timeout holds on every address
    return server;
  });
  fastify.addHook('onClose', async () => {
    await Promise.all(extra.map((server) => new Promise((resolve) => server.close(resolve))));
  });
  try {
    await app.listen(first.port, first.host);
    for (const [index, address] of more.entries()) {
      await new Promise<void>((resolve, reject) => {
        extra[index].once('error', reject).listen(address.port, address.host, () => resolve());
      });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const port = (error as { port?: number }).port ?? '';
    if (code === 'EADDRINUSE') {
      throw new ListenError(`Cannot listen on port ${port}: the address is already in use.`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES' || code === 'ENOTFOUND') {
      throw new ListenError(`Cannot listen on the requested address: ${(error as Error).message}`);
    }
    throw error;
  }
}
