import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Injectable } from '@nestjs/common';
import { DomainStorages, type DomainStore } from '@pulp/domains';
import { FileSystemStorage } from '@pulp/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachmentDisposition } from './content-disposition';
import { sendEmpty, sendRedirect } from './empty-answer';
import { HotFiles } from './hot-files';
import { precondition, rangeStillValid, requestedRange, type Validators } from './http-conditions';
import { ServedBytes } from './served-bytes';
import { noteAnswer } from './served-notes';

/** A stored artifact file to send. */
export interface StoredFile {
  /** Storage name (`artifact/ab/cdef…`). */
  name: string;
  /** The artifact's domain: its storage holds the file. */
  domainId: string;
  size: number;
  sha256: string;
  /** Last-Modified: when the artifact was stored. */
  created: Date;
  /** The served file's own name (the basename of its relative path): a redirect's Content-Disposition. */
  filename: string;
}

/** Files up to this size are kept in memory once served; larger ones are streamed from storage each time. */
const HOT_FILE_LIMIT = 128 * 1024;
const HOT_FILES_CAPACITY = 64 * 1024 * 1024;

/** A storage that presigns. */
type Presigning = DomainStore['storage'] & Required<Pick<DomainStore['storage'], 'signedUrl'>>;

/**
 * Sends a stored artifact, from its domain's storage, as a package manager expects it (content-app
 * spec §5): Content-Length, ETag (its sha256) and Last-Modified, conditional requests (304, 412), one
 * byte range (206, 416), `Accept-Ranges`. When the domain redirects to object storage
 * (`redirect_to_object_storage`; REDIRECT_TO_OBJECT_STORAGE for `default`, as Pulp's content
 * handler decides) and its storage can presign a URL, the client is redirected there instead.
 */
@Injectable()
export class ArtifactSender {
  private readonly hot = new HotFiles(HOT_FILE_LIMIT, HOT_FILES_CAPACITY);

  constructor(
    private readonly storages: DomainStorages,
    private readonly served: ServedBytes,
  ) {}

  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    file: StoredFile,
    headers: Record<string, string>,
  ): Promise<void> {
    const domain = await this.storages.of(file.domainId);
    const { storage } = domain;
    if (domain.redirectToObjectStorage && storage.signedUrl) {
      return this.redirect(storage as Presigning, request, reply, file, headers);
    }
    const validators: Validators = { etag: `"${file.sha256}"`, lastModified: file.created };
    reply.headers({
      ...headers,
      'accept-ranges': 'bytes',
      etag: validators.etag,
      'last-modified': file.created.toUTCString(),
      'x-pulp-artifact-size': String(file.size),
    });
    // The file's absolute path, where it has one, goes into a cached entry as Pulp's does.
    const path = storage instanceof FileSystemStorage ? storage.path(file.name) : undefined;
    noteAnswer(reply, { type: 'FileResponse', file, headers, path });
    const condition = precondition(request.headers, validators);
    if (condition !== 'proceed') {
      await (condition === 'not-modified' ? reply.code(304).send() : sendEmpty(reply, 412));
      return;
    }
    const asked = rangeStillValid(request.headers, validators)
      ? requestedRange(request.headers.range, file.size)
      : undefined;
    if (asked === 'unsatisfiable') {
      await sendEmpty(reply.header('content-range', `bytes */${file.size}`), 416);
      return;
    }
    const range = asked ?? { start: 0, end: file.size - 1 };
    if (asked) {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
    }
    const length = Math.max(0, range.end - range.start + 1);
    reply.header('content-length', String(length));
    if (request.method === 'HEAD') {
      await reply.send();
      return;
    }
    const hot = await this.hotFile(storage, file);
    this.served.add(length);
    if (hot) {
      await reply.send(asked ? hot.subarray(range.start, range.end + 1) : hot);
      return;
    }
    await reply.send(length === 0 ? '' : await storage.open(file.name, range));
  }

  /**
   * Pulp's answer from object storage: a 302 to a URL presigned for the request's method (HEAD
   * gets its own), the storage answering with our headers and `Content-Disposition: attachment`;
   * the 302 carries them too.
   */
  private async redirect(
    storage: Presigning,
    request: FastifyRequest,
    reply: FastifyReply,
    file: StoredFile,
    headers: Record<string, string>,
  ): Promise<void> {
    const answered = { ...headers, 'content-disposition': attachmentDisposition(file.filename) };
    const signed = await storage.signedUrl(file.name, { method: request.method, headers: answered });
    noteAnswer(reply, { type: 'Redirect', location: signed, lifetime: storage.signedUrlLifetime });
    await sendRedirect(reply.headers({ ...answered, 'x-pulp-artifact-size': String(file.size) }), signed, 302);
  }

  /**
   * A small file's bytes from memory, read (and checked against its sha256, so a damaged file is
   * never pinned there) on its first request.
   */
  private async hotFile(storage: DomainStore['storage'], file: StoredFile): Promise<Buffer | undefined> {
    if (file.size > HOT_FILE_LIMIT) {
      return undefined;
    }
    const cached = this.hot.get(file.name);
    if (cached) {
      return cached;
    }
    const bytes = await buffer(await storage.open(file.name));
    if (createHash('sha256').update(bytes).digest('hex') === file.sha256) {
      this.hot.set(file.name, bytes);
    }
    return bytes;
  }
}
