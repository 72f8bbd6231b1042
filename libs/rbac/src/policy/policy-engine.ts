import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SQL, type Sql } from '@pulp/database/sql';
import type { AccessTarget } from '../access-policy';
import { AccessPolicies } from '../catalogue/access-policies.service';
import { ANONYMOUS, callerOf, type Caller, type PermissionTarget } from '../grants';
import { OBJECT_REFERENCES, type ObjectReferences } from '../object-references';
import { Permissions } from '../permissions.service';
import type { User } from '../user.entity';
import { ConditionSyntaxError } from './condition-expression';
import { conditionFunctions, type ConditionFunction } from './conditions';
import { forbidden, RouteObjects, type RouteRequest } from './route-objects';
import { isAllowed } from './statements';

/** No objects can be resolved (an app without the API's objects): object conditions find nothing. */
const NO_REFERENCES: ObjectReferences = {
  resolve: () => Promise.resolve(undefined),
  repositoryOfVersion: () => Promise.resolve(undefined),
  modelsOf: () => new Map(),
  hrefOf: () => undefined,
};

/**
 * Judges a request by its viewset's access policy, as Pulp's AccessPolicyFromDB does: the
 * statements (drf-access-policy), their conditions (pulpcore's global conditions), and whether the
 * policy scopes querysets. A condition nobody defines, or an expression that does not parse,
 * refuses the request (logged: the policy needs fixing).
 */
@Injectable()
export class PolicyEngine {
  private readonly logger = new Logger('AccessPolicy');
  private readonly functions: ReadonlyMap<string, ConditionFunction>;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly policies: AccessPolicies,
    private readonly permissions: Permissions,
    @Optional() @Inject(OBJECT_REFERENCES) private readonly references?: ObjectReferences,
  ) {
    this.functions = conditionFunctions({
      model: (caller, permission) => permissions.hasModel(caller, permission),
      domain: (caller, permission) => permissions.hasDomain(caller, permission),
      object: (caller, permission, target) => permissions.hasObject(caller, permission, target),
    });
  }

  /**
   * Throws Pulp's 403 unless the policy allows the request (or 404 for an object it cannot see);
   * answers whether lists and lookups of the request are scoped to the caller. `object`: the route's
   * object when the asker holds it already (the content app's RBAC guard, which Pulp gives as the
   * view's object): conditions judge it as it is, unscoped.
   */
  async authorize(
    user: User | null,
    target: AccessTarget,
    request: RouteRequest,
    object?: PermissionTarget,
  ): Promise<{ scoped: boolean }> {
    const policy = await this.policies.policyFor(target.viewset);
    const caller: Caller = user ? callerOf(user) : ANONYMOUS;
    // Pulp's "set to blank" (`{}`) scopes nothing, as null does.
    const scoped = Boolean(policy.queryset_scoping?.function) && !caller.isSuperuser;
    const context = new RouteObjects(
      caller,
      target.action,
      target.viewset,
      request,
      this.references ?? NO_REFERENCES,
      scoped ? (found, permission) => this.permissions.has(caller, permission, found) : undefined,
      object,
    );
    await context.refuseOtherDomain();
    const principal = {
      ...caller,
      isStaff: user?.isStaff ?? false,
      groups: () => (user ? this.groupsOf(user.id) : Promise.resolve([])),
    };
    const check = async (condition: string): Promise<boolean> => {
      const colon = condition.indexOf(':');
      const name = colon < 0 ? condition : condition.slice(0, colon);
      const fn = this.functions.get(name);
      if (!fn) {
        // Failing the condition alone would let `not x` or a deny guarded by it through: the request is refused.
        throw new ConditionSyntaxError(`condition ${name} is not defined`);
      }
      return fn(context, colon < 0 ? '' : condition.slice(colon + 1));
    };
    let allowed: boolean;
    try {
      allowed = await isAllowed(policy.statements, { action: target.action, method: request.method, principal }, check);
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) {
        throw error;
      }
      this.logger.warn(`${target.viewset}: ${error.message}; the request is denied`);
      allowed = false;
    }
    if (!allowed) {
      throw forbidden();
    }
    return { scoped };
  }

  private async groupsOf(user: number): Promise<string[]> {
    const rows = await this.sql<{ name: string }>(
      'SELECT g.name FROM auth_group g JOIN auth_user_groups ug ON ug.group_id = g.id WHERE ug.user_id = $1',
      [user],
    );
    return rows.map((row) => row.name);
  }
}
