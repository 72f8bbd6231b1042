import { applyDecorators, Get, HttpCode, Inject, Param, Post, Query, Req, type Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import { PulpBody, selectFields, type FieldSelection } from '@pulp/rest';
import type { GuardedRequest } from '../authentication.guard';
import type { PermissionTarget } from '../grants';
import { MyPermissionsResponse, NestedRoleDto, NestedRoleResponse, ObjectRolesResponse } from './object-roles.dto';
import { ObjectRoles } from './object-roles.service';

/** Where a viewset's object roles live. */
export interface RoleEndpointsOptions {
  /** `repositories_file_file`: the operationIds are `<prefix>_list_roles`… */
  operationPrefix: string;
  /** The member placeholder of the schema's paths: `file_file_repository_href`. */
  placeholder: string;
  /** Pulp's `app_label.model` of the objects, as role assignments name them: `file.filerepository`. */
  contentType: string;
  /** The objects' table, whose `pulp_domain_id` is their domain; none for objects outside domains (groups). */
  table?: string;
  /**
   * The request component Pulp's schema declares for add_role/remove_role where it is not
   * NestedRole (uploads': `Upload`, its viewset's serializer). The body is a NestedRole all the same.
   */
  documentedBody?: Type<object>;
}

/** What a controller gives its role endpoints: its objects, resolved through its view. */
export interface RoleHolder {
  /** Resolves when the caller may see the object (through the view, so scoped), else throws Pulp's 404. */
  found(pk: string): Promise<unknown>;
}

/** What the role endpoints add: the object's reference, once `found`. */
export interface WithObjectRoles extends RoleHolder {
  roleTarget(pk: string): Promise<PermissionTarget>;
}

type AbstractType<T> = abstract new (...args: never[]) => T;

abstract class NoBase implements RoleHolder {
  abstract found(pk: string): Promise<unknown>;
}

/**
 * A base class (over `Base`, when the controller has one) with Pulp's RolesMixin actions on
 * `<member>`: `list_roles/`, `add_role/`, `remove_role/` and `my_permissions/`. The object is
 * resolved through the controller's `found` first, so what its view does not show is a 404 here
 * too. A controller whose ids need canonical spelling (integer group ids) overrides `roleTarget`.
 */
export function RoleEndpoints<T extends RoleHolder>(
  options: RoleEndpointsOptions,
  Base: AbstractType<T> = NoBase as unknown as AbstractType<T>,
): Type<T & WithObjectRoles> {
  const id = (action: string) => `${options.operationPrefix}_${action}`;
  const documentedBody = options.documentedBody ?? NestedRoleDto;
  // list_roles and my_permissions: a GET answering `response`.
  const RoleRead = (action: string, summary: string, description: string, response: Type<object>) =>
    applyDecorators(
      Get(`:pulp_id/${action}`),
      ApiOperation({ operationId: id(action), summary, description }),
      ApiOkResponse({ type: response, description: '' }),
    );
  // add_role and remove_role: a NestedRole in, the same echoed with 201.
  const RoleChange = (action: string, summary: string, description: string) =>
    applyDecorators(
      Post(`:pulp_id/${action}`),
      HttpCode(201),
      ApiOperation({ operationId: id(action), summary, description }),
      ApiConsumes(...ANY_BODY),
      ApiBody({ type: documentedBody }),
      ApiCreatedResponse({ type: NestedRoleResponse, description: '' }),
    );

  // The subclass's member placeholder does not reach the operations it inherits: declared here too.
  @MemberPlaceholder(options.placeholder)
  abstract class RoleEndpointsBase extends (Base as AbstractType<RoleHolder>) {
    @Inject(ObjectRoles) private readonly objectRoles!: ObjectRoles;

    async roleTarget(pk: string): Promise<PermissionTarget> {
      await this.found(pk);
      // Assignments name the object as PostgreSQL spells its uuid: `found` takes any case.
      return this.objectRoles.target(options.contentType, pk.toLowerCase(), options.table);
    }

    @RoleRead('list_roles', 'List roles', 'List roles assigned to this object.', ObjectRolesResponse)
    async listRoles(
      @Param('pulp_id') pk: string,
      @Query() query: FieldSelection,
    ): Promise<Partial<ObjectRolesResponse>> {
      return selectFields({ roles: await this.objectRoles.list(await this.roleTarget(pk)) }, query);
    }

    @RoleChange('add_role', 'Add a role', 'Add a role for this object to users/groups.')
    async addRole(
      @Param('pulp_id') pk: string,
      @PulpBody(NestedRoleDto) body: NestedRoleDto,
    ): Promise<NestedRoleResponse> {
      return this.objectRoles.add(await this.roleTarget(pk), body);
    }

    @RoleChange('remove_role', 'Remove a role', 'Remove a role for this object from users/groups.')
    async removeRole(
      @Param('pulp_id') pk: string,
      @PulpBody(NestedRoleDto) body: NestedRoleDto,
    ): Promise<NestedRoleResponse> {
      return this.objectRoles.remove(await this.roleTarget(pk), body);
    }

    @RoleRead(
      'my_permissions',
      'List user permissions',
      'List permissions available to the current user on this object.',
      MyPermissionsResponse,
    )
    async myPermissions(
      @Param('pulp_id') pk: string,
      @Query() query: FieldSelection,
      @Req() request: GuardedRequest,
    ): Promise<Partial<MyPermissionsResponse>> {
      const target = await this.roleTarget(pk);
      return selectFields({ permissions: await this.objectRoles.myPermissions(request.user!, target) }, query);
    }
  }
  return RoleEndpointsBase as unknown as Type<T & WithObjectRoles>;
}
