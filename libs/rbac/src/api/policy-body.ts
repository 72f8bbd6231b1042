import { PulpValidationError } from '@pulp/errors';
import type { AccessPolicyDefinition, PolicyFunction, PolicyStatement } from '../catalogue/catalogue';

/** What a policy update asks to change (statements, hooks, scoping), each checked. */
export type PolicyChanges = Partial<AccessPolicyDefinition>;

export interface PolicyBody {
  statements?: unknown[];
  creation_hooks?: unknown[];
  permissions_assignment?: unknown[];
  queryset_scoping?: Record<string, unknown>;
}

type Problems = Map<string, string[]>;

/** Deeper JSON is refused: neither JSON.stringify nor PostgreSQL's jsonb takes any depth. */
export const MAX_JSON_DEPTH = 32;

/**
 * The changes of an access-policy update, or Pulp's 400: `permissions_assignment` is the deprecated
 * name of `creation_hooks` (both, and different, is refused); every statement must be one the
 * policy engine can read (action, principal, effect; conditions as text), every hook and the
 * scoping a `{"function": …, "parameters": {…}}`.
 */
export function policyChanges(body: PolicyBody): PolicyChanges {
  const deep = Object.entries(body).filter(([, value]) => tooDeep(value));
  if (deep.length > 0) {
    throw new PulpValidationError(
      Object.fromEntries(deep.map(([field]) => [field, [`Nested more than ${MAX_JSON_DEPTH} levels deep.`]])),
    );
  }
  const problems: Problems = new Map();
  const changes: PolicyChanges = {};
  let hooks = body.creation_hooks;
  if (body.permissions_assignment !== undefined) {
    if (hooks !== undefined && JSON.stringify(hooks) !== JSON.stringify(body.permissions_assignment)) {
      throw new PulpValidationError({
        non_field_errors: ["Cannot specify both 'permissions_assignment' and 'creation_hooks'."],
      });
    }
    hooks = body.permissions_assignment;
  }
  if (body.statements !== undefined) {
    changes.statements = checkedItems(body.statements, 'statements', problems, statementProblem) as PolicyStatement[];
  }
  if (hooks !== undefined) {
    changes.creation_hooks = checkedItems(hooks, 'creation_hooks', problems, functionProblem) as PolicyFunction[];
  }
  if (body.queryset_scoping !== undefined) {
    // An empty object turns scoping off (Pulp's "set to blank").
    const scoping = body.queryset_scoping;
    const problem = Object.keys(scoping).length === 0 ? undefined : functionProblem(scoping);
    if (problem) {
      problems.set('queryset_scoping', [problem]);
    }
    changes.queryset_scoping = scoping as unknown as PolicyFunction;
  }
  if (problems.size > 0) {
    throw new PulpValidationError(Object.fromEntries(problems));
  }
  return changes;
}

function checkedItems(
  items: unknown[],
  field: string,
  problems: Problems,
  problemOf: (item: Record<string, unknown>) => string | undefined,
): unknown[] {
  const messages = items.flatMap((item, index) => {
    const problem = isObject(item) ? problemOf(item) : 'Expected a dictionary of items.';
    return problem ? [`Item ${index}: ${problem}`] : [];
  });
  if (messages.length > 0) {
    problems.set(field, messages);
  }
  return items;
}

function statementProblem(statement: Record<string, unknown>): string | undefined {
  for (const key of ['action', 'principal'] as const) {
    if (!isTextOrTexts(statement[key], false)) {
      return `"${key}" must be a string or a non-empty list of strings.`;
    }
  }
  if (statement.effect !== 'allow' && statement.effect !== 'deny') {
    return '"effect" must be "allow" or "deny".';
  }
  for (const key of ['condition', 'condition_expression'] as const) {
    if (statement[key] !== undefined && !isTextOrTexts(statement[key], true)) {
      return `"${key}" must be a string or a list of strings.`;
    }
  }
  return undefined;
}

function functionProblem(hook: Record<string, unknown>): string | undefined {
  if (typeof hook.function !== 'string' || hook.function === '') {
    return '"function" must be the name of a function.';
  }
  if (hook.parameters !== undefined && hook.parameters !== null && !isObject(hook.parameters)) {
    return '"parameters" must be a dictionary.';
  }
  return undefined;
}

/** Whether arrays and objects nest beyond MAX_JSON_DEPTH (walked without recursion). */
function tooDeep(value: unknown): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next === 'object' && next !== null) {
      if (depth >= MAX_JSON_DEPTH) {
        return true;
      }
      pending.push(...Object.values(next).map((item): [unknown, number] => [item, depth + 1]));
    }
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextOrTexts(value: unknown, emptyList: boolean): boolean {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && (emptyList || value.length > 0) && value.every((item) => typeof item === 'string'))
  );
}
