import { unlink } from 'node:fs/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { writeHashedFile, type ChecksumAlgorithm, type Digests } from '@pulp/storage';
import { FORM_BODY } from './wire-rules';

/** A file field of a multipart body, already spooled to disk and hashed while it arrived. */
export class SpooledFile {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly digests: Digests,
    readonly filename: string,
  ) {}
}

const SPOOLED = Symbol('spooled files');
const PARSED = Symbol('multipart body parsed');
type WithSpooled = FastifyRequest & { [SPOOLED]?: SpooledFile[]; [PARSED]?: true };

/**
 * DRF's 400 for a multipart body that could not be parsed (no or a wrong boundary, a body cut
 * short, a malformed part), or undefined: `error` was raised by something else. The parser's
 * errors carry no status; they are known by where they arose, before the body was attached.
 */
export function multipartParseError(request: FastifyRequest, error: unknown): string | undefined {
  const multipart = (request as { isMultipart?: () => boolean }).isMultipart?.() === true;
  // A failed system call (ENOSPC, EACCES spooling a file) is ours to answer with a 500, not the client's.
  if (!multipart || (request as WithSpooled)[PARSED] || !(error instanceof Error) || 'syscall' in error) {
    return undefined;
  }
  return `Multipart form parse error - ${error.message}`;
}

/**
 * multipart/form-data bodies, as Pulp takes them wherever a body is accepted: fields become body
 * keys (text, like a form), each file is streamed to `dir` with its checksums computed on the way
 * (constant memory, any size) and becomes a SpooledFile. Whatever a handler did not move into
 * storage is deleted before the response goes out, so a refused upload leaves nothing behind
 * by the time the client reads the refusal.
 */
export async function installMultipart(
  fastify: FastifyInstance,
  options: { dir: string; algorithms: readonly ChecksumAlgorithm[] },
): Promise<void> {
  await fastify.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: Number.MAX_SAFE_INTEGER, parts: 1000 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const file = await writeHashedFile(part.file, options.dir, options.algorithms);
      const spooled = new SpooledFile(file.path, file.size, file.digests, part.filename);
      ((this as WithSpooled)[SPOOLED] ??= []).push(spooled);
      (part as MultipartFile & { value: unknown }).value = spooled;
    },
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    if (request.isMultipart()) {
      (request as WithSpooled)[PARSED] = true;
      if (request.body && typeof request.body === 'object') {
        (request.body as Record<symbol, unknown>)[FORM_BODY] = true;
      }
    }
    done();
  });
  fastify.addHook('onSend', async (request: WithSpooled, _reply, payload) => {
    await Promise.all((request[SPOOLED] ?? []).map((file) => unlink(file.path).catch(() => undefined)));
    return payload;
  });
}
