import { PulpValidationError } from '@pulp/errors';
import { MAX_JSON_DEPTH, policyChanges, type PolicyBody } from './policy-body';

function problems(body: PolicyBody): unknown {
  try {
    policyChanges(body);
  } catch (error) {
    if (error instanceof PulpValidationError) {
      return error.fields;
    }
    throw error;
  }
  throw new Error('accepted');
}

const ALLOW = { action: ['list'], principal: 'authenticated', effect: 'allow' };

describe('policyChanges', () => {
  it('keeps what is given, permissions_assignment as creation_hooks', () => {
    const hooks = [{ function: 'add_roles_for_object_creator', parameters: { roles: 'core.task_owner' } }];
    expect(policyChanges({ statements: [ALLOW], permissions_assignment: hooks })).toEqual({
      statements: [ALLOW],
      creation_hooks: hooks,
    });
    expect(policyChanges({ queryset_scoping: {} })).toEqual({ queryset_scoping: {} });
    expect(policyChanges({})).toEqual({});
  });

  it('refuses both hook names with different values', () => {
    expect(problems({ creation_hooks: [], permissions_assignment: [{ function: 'f' }] })).toEqual({
      non_field_errors: ["Cannot specify both 'permissions_assignment' and 'creation_hooks'."],
    });
  });

  it('refuses statements, hooks and scoping the engine cannot read, naming each item', () => {
    expect(
      problems({
        statements: [
          ALLOW,
          'x',
          { ...ALLOW, effect: 'maybe' },
          { ...ALLOW, action: [] },
          { ...ALLOW, condition: [1] },
          { effect: 'deny', principal: '*' },
        ],
        creation_hooks: [{ parameters: {} }, { function: 'f', parameters: [] }],
        queryset_scoping: { function: 3 },
      }),
    ).toEqual({
      statements: [
        'Item 1: Expected a dictionary of items.',
        'Item 2: "effect" must be "allow" or "deny".',
        'Item 3: "action" must be a string or a non-empty list of strings.',
        'Item 4: "condition" must be a string or a list of strings.',
        'Item 5: "action" must be a string or a non-empty list of strings.',
      ],
      creation_hooks: [
        'Item 0: "function" must be the name of a function.',
        'Item 1: "parameters" must be a dictionary.',
      ],
      queryset_scoping: ['"function" must be the name of a function.'],
    });
  });

  it('refuses JSON nested beyond the limit, however deep, before reading it', () => {
    const nested = (depth: number): unknown => {
      let value: unknown = 'x';
      for (let i = 0; i < depth; i++) {
        value = [value];
      }
      return value;
    };
    const statement = (parameters: unknown) => ({ function: 'f', parameters: { deep: parameters } });
    expect(() => policyChanges({ creation_hooks: [statement(nested(MAX_JSON_DEPTH - 3))] })).not.toThrow();
    expect(
      problems({ creation_hooks: [statement(nested(MAX_JSON_DEPTH - 2))], statements: nested(200_000) as unknown[] }),
    ).toEqual({
      creation_hooks: [`Nested more than ${MAX_JSON_DEPTH} levels deep.`],
      statements: [`Nested more than ${MAX_JSON_DEPTH} levels deep.`],
    });
  });
});
