import type { PolicyStatement } from '../catalogue/catalogue';
import { evaluateCondition, parseConditionExpression } from './condition-expression';

/** Who asks, as principals name them. */
export interface Principal {
  /** A request without credentials: `anonymous` and `*` only. */
  anonymous?: boolean;
  id: number;
  username: string;
  /** `admin` in a principal. */
  isSuperuser: boolean;
  /** `staff` in a principal. */
  isStaff: boolean;
  /** The names of the user's groups (`group:<name>`), read only when a statement names a group. */
  groups: () => Promise<readonly string[]>;
}

/** What a statement is matched against. */
export interface PolicyRequest {
  /** DRF's action (`list`, `partial_update`, `sync`…). */
  action: string;
  /** The HTTP method (`GET`…). */
  method: string;
  principal: Principal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** `*`, the action's name, `<safe_methods>` or `<method:get>` among the statement's actions. */
export function matchesAction(statement: PolicyStatement, action: string, method: string): boolean {
  const upper = method.toUpperCase();
  return asList(statement.action).some(
    (entry) =>
      entry === '*' ||
      entry === action ||
      (entry === '<safe_methods>' && SAFE_METHODS.has(upper)) ||
      (entry.startsWith('<method:') && entry.endsWith('>') && entry.slice(8, -1).toUpperCase() === upper),
  );
}

/**
 * drf-access-policy's principals: `*` (anyone), `anonymous` (no credentials), and of an
 * authenticated user `authenticated`, `admin` (a superuser), `staff` (is_staff), `id:<id>`,
 * `user:<username>`, `group:<name>`.
 */
export async function matchesPrincipal(statement: PolicyStatement, principal: Principal): Promise<boolean> {
  const principals = asList(statement.principal);
  if (principal.anonymous) {
    return principals.some((entry) => entry === '*' || entry === 'anonymous');
  }
  if (
    principals.some(
      (entry) =>
        entry === '*' ||
        entry === 'authenticated' ||
        (entry === 'admin' && principal.isSuperuser) ||
        (entry === 'staff' && principal.isStaff) ||
        entry === `id:${principal.id}` ||
        entry === `user:${principal.username}`,
    )
  ) {
    return true;
  }
  const named = principals.filter((entry) => entry.startsWith('group:')).map((entry) => entry.slice(6));
  if (named.length === 0) {
    return false;
  }
  const groups = await principal.groups();
  return named.some((name) => groups.includes(name));
}

/**
 * Whether every condition (`condition`, one or a list) and every `condition_expression` of the
 * statement holds; `check` answers one condition (`has_model_perms:core.view_task`).
 */
export async function conditionsHold(
  statement: PolicyStatement,
  check: (condition: string) => Promise<boolean>,
): Promise<boolean> {
  for (const condition of asList(statement.condition)) {
    if (!(await check(condition))) {
      return false;
    }
  }
  for (const expression of asList(statement.condition_expression)) {
    if (!(await evaluateCondition(parseConditionExpression(expression), check))) {
      return false;
    }
  }
  return true;
}

/**
 * drf-access-policy's verdict: among the statements whose action and principal match, one `deny`
 * whose conditions hold refuses; else one `allow` whose conditions hold allows; else refused.
 * Denials are weighed first, and allows one at a time until one holds, so a request asks no more
 * conditions than the verdict needs.
 */
export async function isAllowed(
  statements: readonly PolicyStatement[],
  request: PolicyRequest,
  check: (condition: string) => Promise<boolean>,
): Promise<boolean> {
  const matching: PolicyStatement[] = [];
  for (const statement of statements) {
    if (
      matchesAction(statement, request.action, request.method) &&
      (await matchesPrincipal(statement, request.principal))
    ) {
      matching.push(statement);
    }
  }
  for (const statement of matching.filter((candidate) => candidate.effect === 'deny')) {
    if (await conditionsHold(statement, check)) {
      return false;
    }
  }
  for (const statement of matching.filter((candidate) => candidate.effect === 'allow')) {
    if (await conditionsHold(statement, check)) {
      return true;
    }
  }
  return false;
}
