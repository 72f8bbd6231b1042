import { currentDomain } from '@pulp/domains/domain-context';
import { PulpError } from '@pulp/errors';
import type { Caller, PermissionTarget } from '../grants';
import { viewPermission, type ObjectReferences } from '../object-references';
import type { ConditionContext } from './conditions';

/** The request as the guard sees it. */
export interface RouteRequest {
  method: string;
  /** The path and query (`/pulp/api/v3/tasks/<uuid>/?fields=x`), as routed. */
  url: string;
  /** The path and query as the client sent them, when it was routed as another (with its domain). */
  originalUrl?: string;
  params?: Record<string, string | undefined>;
  body?: unknown;
}

export const notFound = () => new PulpError('not-found', 'PLP0404', 'Not found.');
export const forbidden = () =>
  new PulpError('forbidden', 'PLP0403', 'You do not have permission to perform this action.');

/**
 * The objects a request's conditions ask about, found once each: the route's object (its href is
 * the path up to the `pulp_id` parameter; under a scoping policy one the caller may not view is not
 * found, as Pulp's scoped get_object), a nested route's parent, and the objects the body names.
 */
export class RouteObjects implements ConditionContext {
  private readonly found = new Map<string, Promise<PermissionTarget | undefined>>();

  constructor(
    readonly caller: Caller,
    readonly action: string,
    private readonly viewset: string,
    private readonly request: RouteRequest,
    private readonly references: ObjectReferences,
    private readonly visible: ((target: PermissionTarget, permission: string) => Promise<boolean>) | undefined,
    /** The route's object when the asker holds it already: taken as it is, neither looked up nor scoped. */
    private readonly given?: PermissionTarget,
  ) {}

  get body(): unknown {
    return this.request.body;
  }

  async object(): Promise<PermissionTarget> {
    const target = await this.once('object', async () => {
      if (this.given) {
        return this.given;
      }
      const found = await this.routeObject();
      return found && (!this.visible || (await this.visible(found, viewPermission(found.contentType))))
        ? found
        : undefined;
    });
    if (!target) {
      // A collection route has no object to be not found: an object condition on it refuses.
      throw this.request.params?.pulp_id === undefined ? forbidden() : notFound();
    }
    return target;
  }

  /**
   * The object at `pulp_id`; on `domains/migrate/`, which acts on the domain its URL names (Pulp's
   * request.pulp_domain), that domain.
   */
  private routeObject(): Promise<PermissionTarget | undefined> {
    const domain = currentDomain();
    if (this.request.params?.pulp_id === undefined && this.viewset === 'domains' && domain) {
      return this.references.resolve(domain.id, 'domains');
    }
    return this.atParameter('pulp_id');
  }

  /**
   * A route's object, or a nested route's repository, in another domain than the request's is not
   * found, whoever asks: Pulp looks objects up in the request's domain only.
   */
  async refuseOtherDomain(): Promise<void> {
    const domain = currentDomain();
    if (!domain || this.given) {
      return;
    }
    for (const [name, collection] of [
      ['repository_pk', 'repositories'],
      ['pulp_id', undefined],
    ] as const) {
      const found = await this.atParameter(name, collection);
      if (found?.domainId && found.domainId !== domain.id) {
        throw notFound();
      }
    }
  }

  async parentRepository(): Promise<PermissionTarget> {
    // `repositories/<type>/<pk>/versions/`: the repository is `repository_pk`, or `pulp_id` on the versions list.
    const parameter =
      this.request.params?.repository_pk !== undefined
        ? 'repository_pk'
        : this.viewset.endsWith('/versions')
          ? 'pulp_id'
          : undefined;
    const target = parameter && (await this.once('repository', () => this.atParameter(parameter, 'repositories')));
    if (!target) {
      throw notFound();
    }
    return target;
  }

  async parentGroup(): Promise<PermissionTarget> {
    // `groups/<group_pk>/users/<pulp_id>/`, but the members' list and create are `groups/<pulp_id>/users/`.
    const id = this.request.params?.group_pk ?? this.request.params?.pulp_id;
    const target = id && (await this.once('group', () => this.references.resolve(id, 'groups')));
    if (!target) {
      throw notFound();
    }
    return target;
  }

  bodyObject(field: string, collection: string): Promise<PermissionTarget | undefined> {
    const value = this.field(field);
    return value === undefined
      ? Promise.resolve(undefined)
      : this.once(`body ${field}`, () => this.references.resolve(value, collection));
  }

  bodyVersionRepository(field: string): Promise<PermissionTarget | undefined> {
    const value = this.field(field);
    return value === undefined
      ? Promise.resolve(undefined)
      : this.once(`body ${field}`, () => this.references.repositoryOfVersion(value));
  }

  private field(field: string): string | undefined {
    const body = this.request.body;
    const value =
      body && typeof body === 'object' && Object.hasOwn(body, field)
        ? (body as Record<string, unknown>)[field]
        : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** The object whose href is the request's path up to the value of route parameter `name`. */
  private async atParameter(name: string, collection?: string): Promise<PermissionTarget | undefined> {
    const value = this.request.params?.[name];
    if (value === undefined) {
      return undefined;
    }
    // The object's href: the URL the client named it by, domain included.
    const path = (this.request.originalUrl ?? this.request.url).split('?')[0];
    const segments = path.split('/');
    const index = segments.indexOf(value);
    return index < 0 ? undefined : this.references.resolve(`${segments.slice(0, index + 1).join('/')}/`, collection);
  }

  private once(key: string, find: () => Promise<PermissionTarget | undefined>): Promise<PermissionTarget | undefined> {
    let found = this.found.get(key);
    if (!found) {
      found = find();
      this.found.set(key, found);
    }
    return found;
  }
}
