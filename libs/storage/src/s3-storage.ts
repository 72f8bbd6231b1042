// Loaded only through createStorage when an S3 backend is configured: the AWS SDK costs start-up time.
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandInput,
  type HeadObjectCommandInput,
  type ObjectCannedACL,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ArtifactStorage, type ByteRange } from './artifact-storage';
import type { StorageSettings } from './storage-settings';

/** Response headers of a redirect and the presign parameters that make S3 answer with them (content-app spec §5). */
const RESPONSE_OVERRIDES = new Map([
  ['content-disposition', 'ResponseContentDisposition'],
  ['content-type', 'ResponseContentType'],
  ['cache-control', 'ResponseCacheControl'],
  ['content-language', 'ResponseContentLanguage'],
  ['expires', 'ResponseExpires'],
  ['content-encoding', 'ResponseContentEncoding'],
]);

const isSet = (value: unknown) => value !== null && value !== undefined;

/** Options whose django-storages behaviour this driver does not have: refused rather than ignored. */
const UNSUPPORTED: ReadonlyArray<[string, (value: unknown) => boolean]> = [
  ['custom_domain', isSet],
  ['cloudfront_key_id', isSet],
  ['querystring_auth', (value) => value === false],
  ['signature_version', (value) => isSet(value) && value !== 's3v4'],
];

/**
 * `storages.backends.s3.S3Storage`: artifact files as objects of one bucket, under `location`.
 * Files go in from the local spool with lib-storage's Upload (one PutObject, or a multipart upload
 * whose parts stream from the file; a failed one is aborted, so no partial object stays), and come
 * out as streams, ranged by GetObject. Nothing is held whole in memory.
 */
export class S3Storage extends ArtifactStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  override readonly signedUrlLifetime: number;
  private readonly acl?: ObjectCannedACL;
  private readonly objectParameters: Record<string, unknown>;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(settings: StorageSettings) {
    super();
    for (const [option, unsupported] of UNSUPPORTED) {
      if (unsupported(settings[option])) {
        throw new Error(`S3 storage option ${option}=${JSON.stringify(settings[option])} is not supported yet.`);
      }
    }
    const transfer = (settings.transfer_config ?? {}) as { multipart_chunksize?: number; max_concurrency?: number };
    this.bucket = String(settings.bucket_name);
    this.prefix = ((settings.location as string | null) ?? '').replace(/^\/+|\/+$/g, '');
    this.signedUrlLifetime = Number(settings.querystring_expire ?? 3600);
    this.acl = (settings.default_acl as ObjectCannedACL | null) ?? undefined;
    this.objectParameters = (settings.object_parameters ?? {}) as Record<string, unknown>;
    this.partSize = transfer.multipart_chunksize ?? 8 * 1024 * 1024;
    this.queueSize = transfer.max_concurrency ?? 4;
    this.client = new S3Client({
      region: (settings.region_name as string | null) ?? 'us-east-1',
      endpoint: (settings.endpoint_url as string | null) ?? undefined,
      forcePathStyle: settings.addressing_style === 'path',
      credentials: {
        accessKeyId: String(settings.access_key),
        secretAccessKey: (settings.secret_key as string | null) ?? '',
        sessionToken: (settings.security_token as string | null) ?? undefined,
      },
      // Checksums only where S3 requires them: S3-compatible servers do not all know the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Each command's middleware stack resolved once, not per request (we add no middleware per
      // command): a 1-byte PutObject took 1.1–1.75 ms of CPU instead of 2.4 on this machine.
      cacheMiddleware: true,
      // verify=false (django-storages: do not check the server's certificate).
      ...(settings.verify === false && { requestHandler: { httpsAgent: { rejectUnauthorized: false } } }),
    });
  }

  async replace(name: string, localPath: string): Promise<void> {
    const { size } = await stat(localPath);
    if (size < this.partSize) {
      // One PutObject streamed from the file, whose length is known: lib-storage would first copy
      // it into a part buffer. S3 stores a PutObject whole or not at all.
      await this.client.send(
        new PutObjectCommand({
          ...this.objectParameters,
          Bucket: this.bucket,
          Key: this.key(name),
          Body: createReadStream(localPath),
          ContentLength: size,
          ...(this.acl && { ACL: this.acl }),
        }),
      );
    } else {
      await this.upload(name, createReadStream(localPath, { highWaterMark: 1024 * 1024 }));
    }
    await unlink(localPath);
  }

  /**
   * Streams `body` to the object `name`: one PutObject, or a multipart upload whose parts are sent
   * as they are read. On failure the multipart upload is aborted: S3 then has no object, whole or partial.
   */
  async upload(name: string, body: Readable): Promise<void> {
    let bodyError: unknown;
    body.once('error', (error) => (bodyError = error));
    const upload = new Upload({
      client: this.client,
      params: {
        ...this.objectParameters,
        Bucket: this.bucket,
        Key: this.key(name),
        Body: body,
        ...(this.acl && { ACL: this.acl }),
      },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // When the source failed, that is the cause, even if aborting the parts failed too (some
      // S3-compatible servers have no AbortMultipartUpload; their parts never form an object).
      throw bodyError ?? error;
    }
  }

  read(name: string, range?: ByteRange): Readable {
    const out = new PassThrough();
    this.open(name, range).then(
      (body) => body.on('error', (error) => out.destroy(error)).pipe(out),
      (error: Error) => out.destroy(error),
    );
    return out;
  }

  async open(name: string, range?: ByteRange): Promise<Readable> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.key(name),
          Range: range && `bytes=${range.start}-${range.end}`,
        }),
      );
      return Body as Readable;
    } catch (error) {
      throw notFound(error) ? Object.assign(new Error(`No such object: ${name}`), { code: 'ENOENT' }) : error;
    }
  }

  async size(name: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
      return head.ContentLength;
    } catch (error) {
      if (notFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    // S3's DeleteObject succeeds for a missing key: deleting twice is no error.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
  }

  override async probe(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // HEAD answers have no body: say what the status means.
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      const reason =
        status === 404 ? 'does not exist' : status === 403 ? 'is not accessible with these credentials' : String(error);
      throw new Error(`S3 bucket "${this.bucket}" ${reason}`, { cause: error });
    }
  }

  /** A URL presigned for `method` (HEAD gets its own), S3 answering with `headers` (Pulp's parameters). */
  override signedUrl(
    name: string,
    { method, headers }: { method: string; headers: Record<string, string> },
  ): Promise<string> {
    const input: GetObjectCommandInput & HeadObjectCommandInput = { Bucket: this.bucket, Key: this.key(name) };
    for (const [header, value] of Object.entries(headers)) {
      const parameter = RESPONSE_OVERRIDES.get(header.toLowerCase());
      if (parameter) {
        // Expires is a date to the SDK (it writes it back as an HTTP date).
        Object.assign(input, { [parameter]: parameter === 'ResponseExpires' ? new Date(value) : value });
      }
    }
    const command = method === 'HEAD' ? new HeadObjectCommand(input) : new GetObjectCommand(input);
    return getSignedUrl(this.client, command, { expiresIn: this.signedUrlLifetime });
  }

  /** The object key of a storage name: under `location`, when one is set. */
  private key(name: string): string {
    return this.prefix ? `${this.prefix}/${name}` : name;
  }
}

function notFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey');
}
