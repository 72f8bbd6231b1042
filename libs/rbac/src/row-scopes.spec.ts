import type { Sql } from '@pulp/database/sql';
import { SqlParams, type RowScope } from '@pulp/rest';
import { installCallerContext, requestAccess } from './caller-context';
import type { Caller } from './grants';
import type { ObjectReferences } from './object-references';
import { CallerRowScopes } from './row-scopes';

// Unit tests run as CommonJS, and Nest (ESM) cannot load there: its decorators and @pulp/rest's are
// stood in for; SqlParams is the real one.
jest.mock('@nestjs/common', () => ({
  Injectable: () => () => undefined,
  Inject: () => () => undefined,
  Optional: () => () => undefined,
}));
jest.mock('@pulp/config', () => ({ PulpSettings: class {} }));
jest.mock('@pulp/database', () => ({
  GenerationCache: jest.requireActual<{ GenerationCache: unknown }>('../../database/src/generation-cache')
    .GenerationCache,
  SQL: Symbol('sql'),
  TableChanges: class {},
}));
jest.mock('@pulp/rest', () => ({
  SqlParams: jest.requireActual<{ SqlParams: unknown }>('../../rest/src/sql-params').SqlParams,
}));

const alice: Caller = { id: 2, username: 'alice', isSuperuser: false };
const NONE = {
  modelWide: false,
  domains: [] as string[],
  roles: [] as string[],
  groups: [] as number[],
};

/** Runs `work` inside a request of `caller`, as the Fastify hook and the guard would set it up. */
function inRequest<T>(caller: Caller | undefined, scoped: boolean, work: () => Promise<T>): Promise<T> {
  let hook: ((request: unknown, reply: unknown, done: () => void) => void) | undefined;
  installCallerContext({ addHook: (_name, added) => (hook = added) });
  return new Promise<T>((resolve, reject) =>
    hook!(undefined, undefined, () => {
      Object.assign(requestAccess()!, { caller, scoped });
      work().then(resolve, reject);
    }),
  );
}

/** Grants by permission, as the wide-grants query answers; counts the queries. */
function scopes(
  grants: Record<string, Partial<typeof NONE>>,
  changes?: { generationOf(): number | undefined },
  settings = { DOMAIN_ENABLED: true },
) {
  const asked: string[] = [];
  const sql = ((_text: string, values: unknown[]) => {
    const permission = values[2] as string;
    asked.push(permission);
    return Promise.resolve([{ ...NONE, ...grants[permission] }]);
  }) as unknown as Sql;
  const references = {
    modelsOf: (master: string) =>
      new Map(
        master === 'repositories'
          ? [
              ['file.file', 'file.filerepository'],
              ['core.openpgp', 'core.openpgpkeyring'],
            ]
          : [],
      ),
  } as unknown as ObjectReferences;
  return { scopes: new CallerRowScopes(sql, settings as never, references, changes as never), asked };
}

const TASKS: RowScope = { objects: { model: 'core.task', id: 't.pulp_id', domain: 't.pulp_domain_id' } };
const REPOSITORIES: RowScope = {
  objects: {
    model: { master: 'repositories', typeColumn: 'r.pulp_type' },
    id: 'r.pulp_id',
    domain: 'r.pulp_domain_id',
  },
};

describe('CallerRowScopes', () => {
  it('scopes nothing outside a request, for an unscoped policy, or before the guard', async () => {
    const { scopes: rows } = scopes({});
    const params = new SqlParams();
    expect(await rows.condition(TASKS, params)).toBeUndefined();
    expect(await inRequest(alice, false, () => rows.condition(TASKS, params))).toBeUndefined();
    expect(await inRequest(undefined, true, () => rows.condition(TASKS, params))).toBeUndefined();
    expect(params.values).toEqual([]);
  });

  it('turns a model-wide grant into no condition, no grant into FALSE, once per request', async () => {
    const { scopes: rows, asked } = scopes({ 'core.view_task': { modelWide: true } });
    await inRequest(alice, true, async () => {
      expect(await rows.condition(TASKS, new SqlParams())).toBeUndefined();
      expect(await rows.condition(TASKS, new SqlParams())).toBeUndefined();
    });
    expect(asked).toEqual(['core.view_task']);
    const { scopes: none } = scopes({});
    expect(await inRequest(alice, true, () => none.condition(TASKS, new SqlParams()))).toBe('FALSE');
  });

  it('keeps wide grants across requests until a grant table changes, and while changes cannot be followed reads each time', async () => {
    let generation: number | undefined = 1;
    const { scopes: rows, asked } = scopes(
      { 'core.view_task': { modelWide: true } },
      { generationOf: () => generation },
    );
    const twice = async () => {
      await inRequest(alice, true, () => rows.condition(TASKS, new SqlParams()));
      await inRequest(alice, true, () => rows.condition(TASKS, new SqlParams()));
    };
    await twice();
    expect(asked).toHaveLength(1);
    generation = 2;
    await twice();
    expect(asked).toHaveLength(2);
    generation = undefined;
    await twice();
    expect(asked).toHaveLength(4);
  });

  it('finds object grants by key, and domain grants by domain', async () => {
    const { scopes: rows } = scopes({
      'core.view_task': { domains: ['d1'], roles: ['r1'], groups: [7] },
    });
    const params = new SqlParams(1);
    const condition = await inRequest(alice, true, () => rows.condition(TASKS, params));
    expect(condition).toMatch(
      /^\(t\.pulp_domain_id = ANY\(\$2::uuid\[\]\) OR t\.pulp_id = ANY\(ARRAY\(SELECT a\.object_id::uuid FROM core_userrole a/,
    );
    expect(condition).toContain('UNION ALL SELECT a.object_id::uuid FROM core_grouprole a');
    expect(params.values).toEqual([['d1'], ['r1'], 'core.task', 2, [7]]);
  });

  it('ignores grants on a domain while domains are disabled, as Pulp does', async () => {
    const { scopes: rows } = scopes({ 'core.view_task': { domains: ['d1'] } }, undefined, { DOMAIN_ENABLED: false });
    expect(await inRequest(alice, true, () => rows.condition(TASKS, new SqlParams()))).toBe('FALSE');
  });

  it('takes the union over a master’s types, and no condition when every type is seen', async () => {
    const { scopes: some } = scopes({
      'file.view_filerepository': { modelWide: true },
    });
    const params = new SqlParams();
    expect(await inRequest(alice, true, () => some.condition(REPOSITORIES, params))).toBe('((r.pulp_type = $1))');
    expect(params.values).toEqual(['file.file']);
    const { scopes: all } = scopes({
      'file.view_filerepository': { modelWide: true },
      'core.view_openpgpkeyring': { modelWide: true },
    });
    const none = new SqlParams();
    expect(await inRequest(alice, true, () => all.condition(REPOSITORIES, none))).toBeUndefined();
    expect(none.values).toEqual([]);
  });

  it('sees rows through others: the link gets the visible ids, or nothing when all are seen', async () => {
    const link = jest.fn((visible: string | undefined) => (visible ? `x IN (${visible})` : undefined));
    const through: RowScope = { through: { ...REPOSITORIES.objects, from: 'core_repository r' }, link };
    const { scopes: rows } = scopes({ 'file.view_filerepository': { roles: ['r1'] } });
    const condition = await inRequest(alice, true, () => rows.condition(through, new SqlParams()));
    expect(condition).toMatch(/^x IN \(SELECT r\.pulp_id FROM core_repository r WHERE \(\(r\.pulp_type = \$\d+ AND/);
    const { scopes: all } = scopes({
      'file.view_filerepository': { modelWide: true },
      'core.view_openpgpkeyring': { modelWide: true },
    });
    expect(await inRequest(alice, true, () => all.condition(through, new SqlParams()))).toBeUndefined();
    expect(link).toHaveBeenLastCalledWith(undefined);
  });
});
