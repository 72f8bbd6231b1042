import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { inDomain } from '@pulp/domains';
import type { DistributionServingHooks } from '@pulp/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OnDemandStreamer } from '../on-demand/on-demand-streamer';
import { ArtifactSender } from './artifact-sender';
import { checkpointAt, checkpointStamp } from './checkpoints';
import { DatabaseOutage } from './database-outage';
import { DistributionIndex, type Distribution } from './distribution-index';
import { sendRedirect } from './empty-answer';
import { GuardCheck } from './guard-check';
import { renderListing, type ListingEntry } from './listing-page';
import { contentTypeFor } from './mime-types';
import { parseContentPath } from './request-path';
import { ServedContent, type FoundFile, type ServingSource } from './served-content';
import { noteAnswer, noteDistribution } from './served-notes';
import { ServingHooks } from './serving-hooks';

/** Where the request is: its raw path, its decoded segments, whether it ends in `/`. */
interface Location {
  rawPath: string;
  segments: readonly string[];
  trailingSlash: boolean;
}

const NOT_POINTING = '404: Distribution is not pointing to a publication, repository, repository version, or remote.';

/**
 * pulpcore-content's one handler for everything under CONTENT_PATH_PREFIX (content-app spec §1–4):
 * the distribution index, partial base paths, and a distribution's files, index pages and listings.
 */
@Injectable()
export class ContentServer {
  private readonly prefix: string;

  constructor(
    private readonly settings: PulpSettings,
    private readonly distributions: DistributionIndex,
    private readonly content: ServedContent,
    private readonly hooks: ServingHooks,
    private readonly sender: ArtifactSender,
    private readonly onDemand: OnDemandStreamer,
    private readonly guard: GuardCheck,
    private readonly outage: DatabaseOutage,
  ) {
    this.prefix = settings.CONTENT_PATH_PREFIX;
  }

  async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const url = request.raw.url ?? '/';
    const rawPath = url.split('?', 1)[0];
    if (rawPath === this.prefix.slice(0, -1)) {
      return this.redirect(reply, this.prefix);
    }
    const path = rawPath.startsWith(this.prefix) ? parseContentPath(rawPath.slice(this.prefix.length)) : undefined;
    if (!path) {
      return this.plain(reply, 404, '404: Not Found');
    }
    const at: Location = { rawPath, ...path };
    const { segments, trailingSlash } = path;
    if (segments.length === 0) {
      // HEAD of the root is the health check: it lists nothing, and fails (503) without the database.
      if (request.method === 'HEAD') {
        await this.outage.check();
        return this.html(reply, '');
      }
      // With DOMAIN_ENABLED, the root lists nothing: every distribution is in a domain (as in Pulp).
      if (this.settings.DOMAIN_ENABLED) {
        return this.plain(reply, 404, '404: Not Found');
      }
      return this.listing(reply, at, this.entries(await this.distributions.listed('')), { root: true });
    }
    const match = await this.distributions.match(segments);
    if (match.kind === 'none') {
      return this.plain(reply, 404, '404: Not Found');
    }
    if (match.kind === 'partial') {
      return trailingSlash
        ? this.listing(reply, at, this.entries(match.children))
        : this.redirect(reply, `${rawPath}/`);
    }
    const { distribution, relativeSegments } = match;
    noteDistribution(reply, distribution);
    // Its guard's permissions and its storage are those of its domain.
    return inDomain(distribution.domain, async () => {
      const denial = await this.guard.denial(distribution.contentGuardId, request);
      if (denial !== undefined) {
        return this.plain(reply, 403, `403: ${denial}`);
      }
      if (relativeSegments.length === 0 && !trailingSlash) {
        return this.redirect(reply, `${rawPath}/`);
      }
      return this.serve(request, reply, distribution, relativeSegments.join('/'), at);
    });
  }

  private async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    distribution: Distribution,
    relativePath: string,
    at: Location,
  ): Promise<void> {
    const hooks = this.hooks.of(distribution.pulpType);
    if (hooks.handle) {
      const method = request.method === 'HEAD' ? 'HEAD' : 'GET';
      const answer = await hooks.handle({ distribution, relativePath, method, headers: request.headers });
      if (answer) {
        reply.code(answer.status).headers(answer.headers ?? {});
        if (method === 'HEAD' && answer.body instanceof Readable) {
          answer.body.destroy();
        }
        return reply.send(method === 'HEAD' ? undefined : answer.body);
      }
    }
    if (!distribution.publicationId && !distribution.repositoryId && !distribution.repositoryVersionId) {
      return this.plain(reply, 404, NOT_POINTING);
    }
    if (distribution.checkpoint && distribution.repositoryId) {
      return this.serveCheckpoint(request, reply, distribution, distribution.repositoryId, relativePath, at);
    }
    const source = await this.content.source(distribution, hooks.serveFromPublication === true);
    return this.serveSource(request, reply, source, relativePath, at, hooks);
  }

  /**
   * A checkpoint distribution (content-app spec §3): its root lists the checkpoints by timestamp;
   * `<stamp>/<path>` serves the path from the newest checkpoint made by then, redirecting to that
   * checkpoint's own stamp when the one asked for is not exactly it.
   */
  private async serveCheckpoint(
    request: FastifyRequest,
    reply: FastifyReply,
    distribution: Distribution,
    repositoryId: string,
    relativePath: string,
    at: Location,
  ): Promise<void> {
    const checkpoints = await this.content.checkpointsOf(repositoryId);
    if (relativePath === '') {
      const entries = checkpoints.map(({ created }) => ({ name: `${checkpointStamp(created)}/`, date: created }));
      return this.listing(reply, at, entries);
    }
    const [stamp, ...rest] = relativePath.split('/');
    const checkpoint = checkpointAt(checkpoints, stamp);
    if (!checkpoint) {
      return this.plain(reply, 404, '404: Not Found');
    }
    const own = checkpointStamp(checkpoint.created);
    if (own !== stamp) {
      const path = [...distribution.servedPath.split('/'), own, ...rest].map(encodeURIComponent).join('/');
      return this.redirect(reply, `${this.prefix}${path}${at.trailingSlash || rest.length === 0 ? '/' : ''}`);
    }
    if (rest.length === 0 && !at.trailingSlash) {
      return this.redirect(reply, `${at.rawPath}/`);
    }
    return this.serveSource(
      request,
      reply,
      checkpoint.source,
      rest.join('/'),
      at,
      this.hooks.of(distribution.pulpType),
    );
  }

  private async serveSource(
    request: FastifyRequest,
    reply: FastifyReply,
    source: ServingSource,
    relativePath: string,
    at: Location,
    hooks: DistributionServingHooks,
  ): Promise<void> {
    if (!source.publicationId && !source.repositoryId) {
      return this.plain(reply, 404, '404: Not Found');
    }
    const headersFor = (path: string) => ({ 'content-type': contentTypeFor(path), ...hooks.contentHeaders?.(path) });
    if (relativePath !== '' && !at.trailingSlash) {
      const found = await this.find(source, relativePath);
      if (found) {
        return this.sendFile(request, reply, found, relativePath, headersFor(relativePath));
      }
    }
    const directory = relativePath === '' ? '' : `${relativePath}/`;
    const index = await this.find(source, `${directory}index.html`);
    if (index) {
      // A publication's index page is served at its directory's URL; a version's at either.
      return source.publicationId && !at.trailingSlash
        ? this.redirect(reply, `${at.rawPath}/`)
        : this.sendFile(request, reply, index, `${directory}index.html`, headersFor('index.html'));
    }
    const entries = await this.content.list(source, directory);
    // Even a distribution's root is a 404 when there is nothing to list (as in Pulp).
    if (entries.length > 0) {
      return at.trailingSlash ? this.listing(reply, at, entries) : this.redirect(reply, `${at.rawPath}/`);
    }
    return this.plain(reply, 404, '404: Not Found');
  }

  /** The file at a path; several (pass-through content sharing a path) is Pulp's 500 (logged by the route). */
  private async find(source: ServingSource, relativePath: string): Promise<FoundFile | undefined> {
    const lookup = await this.content.find(source, relativePath);
    if (lookup.kind === 'ambiguous') {
      throw new Error(`Multiple (pass-through) matches for ${relativePath}`);
    }
    return lookup.kind === 'file' ? lookup.file : undefined;
  }

  private sendFile(
    request: FastifyRequest,
    reply: FastifyReply,
    found: FoundFile,
    relativePath: string,
    headers: Record<string, string>,
  ): Promise<void> {
    if (found.file === null || found.domainId === null || found.sha256 === null || found.size === null) {
      return this.onDemand.stream({ request, reply, found, relativePath, headers });
    }
    return this.sender.send(
      request,
      reply,
      {
        name: found.file,
        domainId: found.domainId,
        size: found.size,
        sha256: found.sha256,
        created: found.created,
        filename: relativePath.slice(relativePath.lastIndexOf('/') + 1),
      },
      headers,
    );
  }

  private entries(names: readonly string[]): ListingEntry[] {
    return names.map((name) => ({ name }));
  }

  /** Pulp's index page of the request's directory. */
  private listing(reply: FastifyReply, at: Location, entries: readonly ListingEntry[], options = { root: false }) {
    const shown = `${this.prefix}${at.segments.map((segment) => `${segment}/`).join('')}`;
    return this.html(reply, renderListing(shown, entries, options));
  }

  private async html(reply: FastifyReply, page: string): Promise<void> {
    noteAnswer(reply, { type: 'Response', text: page });
    await reply.type('text/html').send(page);
  }

  private async plain(reply: FastifyReply, status: number, body: string): Promise<void> {
    await reply.code(status).type('text/plain; charset=utf-8').send(body);
  }

  private redirect(reply: FastifyReply, location: string): Promise<void> {
    return sendRedirect(reply, location, 301);
  }
}
