import { permissionRows, type RbacCatalogue } from './catalogue';
import { canonicalJson, planCatalogueSync, type StoredCatalogue } from './catalogue-sync';
import { CORE_CATALOGUE } from './core-catalogue';

const POLICY = {
  statements: [{ action: ['list'], principal: 'authenticated', effect: 'allow' as const }],
  queryset_scoping: { function: 'scope_queryset' },
};

const CATALOGUE: RbacCatalogue = {
  label: 'demo',
  permissions: [{ model: 'demo.widget', verboseName: 'widget', custom: [['spin_widget', 'Can spin']] }],
  viewsets: [
    {
      viewset: 'widgets/demo/widget',
      model: 'demo.widget',
      policy: POLICY,
      lockedRoles: {
        'demo.widget_owner': { description: 'Owns.', permissions: ['demo.view_widget', 'demo.spin_widget'] },
        'demo.widget_viewer': { permissions: ['demo.view_widget'] },
      },
    },
    { viewset: 'widgets/admin' },
  ],
};

const EMPTY: StoredCatalogue = { permissions: [], roles: [], policies: [] };

/** What the database holds once the plan for `stored` is applied (the catalogue's state exactly). */
function synced(): StoredCatalogue {
  return {
    permissions: permissionRows(CATALOGUE).map((row) => `${row.app_label}.${row.codename}`),
    roles: [
      {
        name: 'demo.widget_owner',
        description: 'Owns.',
        locked: true,
        permissions: ['demo.spin_widget', 'demo.view_widget'],
      },
      { name: 'demo.widget_viewer', description: null, locked: true, permissions: ['demo.view_widget'] },
    ],
    policies: [
      {
        viewset_name: 'widgets/demo/widget',
        // jsonb hands keys back in its own order.
        statements: [{ effect: 'allow', principal: 'authenticated', action: ['list'] }],
        creation_hooks: [],
        queryset_scoping: { function: 'scope_queryset' },
        customized: false,
      },
    ],
  };
}

describe('permissionRows', () => {
  it("gives Django's four permissions per model, then the model's own", () => {
    expect(permissionRows(CATALOGUE)).toEqual([
      { app_label: 'demo', model: 'widget', codename: 'add_widget', name: 'Can add widget' },
      { app_label: 'demo', model: 'widget', codename: 'change_widget', name: 'Can change widget' },
      { app_label: 'demo', model: 'widget', codename: 'delete_widget', name: 'Can delete widget' },
      { app_label: 'demo', model: 'widget', codename: 'view_widget', name: 'Can view widget' },
      { app_label: 'demo', model: 'widget', codename: 'spin_widget', name: 'Can spin' },
    ]);
  });
});

describe('planCatalogueSync', () => {
  it('writes everything into an empty database; admin-only viewsets store nothing', () => {
    const plan = planCatalogueSync([CATALOGUE], EMPTY);
    expect(plan.permissions).toHaveLength(5);
    expect(plan.roles).toEqual([
      { name: 'demo.widget_owner', description: 'Owns.', permissions: ['demo.view_widget', 'demo.spin_widget'] },
      { name: 'demo.widget_viewer', description: null, permissions: ['demo.view_widget'] },
    ]);
    expect(plan.insertPolicies).toEqual([
      {
        viewset_name: 'widgets/demo/widget',
        statements: POLICY.statements,
        creation_hooks: [],
        queryset_scoping: POLICY.queryset_scoping,
      },
    ]);
    expect(plan.replacePolicies).toEqual([]);
    expect(plan.obsoleteRoles).toEqual([]);
  });

  it('has nothing to do once synced', () => {
    expect(planCatalogueSync([CATALOGUE], synced())).toEqual({
      permissions: [],
      roles: [],
      obsoleteRoles: [],
      insertPolicies: [],
      replacePolicies: [],
    });
  });

  it('resets changed or unlocked roles, removes obsolete locked ones of its label only', () => {
    const stored = synced();
    stored.roles[0].permissions = ['demo.view_widget'];
    stored.roles[1].locked = false;
    stored.roles.push(
      { name: 'demo.gone', description: null, locked: true, permissions: [] },
      { name: 'demo.mine', description: null, locked: false, permissions: [] },
      { name: 'other.gone', description: null, locked: true, permissions: [] },
    );
    const plan = planCatalogueSync([CATALOGUE], stored);
    expect(plan.roles.map((role) => role.name)).toEqual(['demo.widget_owner', 'demo.widget_viewer']);
    expect(plan.obsoleteRoles).toEqual(['demo.gone']);
  });

  it('replaces an uncustomized policy whose default changed, never a customized one', () => {
    const stored = synced();
    stored.policies[0].statements = [];
    expect(planCatalogueSync([CATALOGUE], stored).replacePolicies.map((p) => p.viewset_name)).toEqual([
      'widgets/demo/widget',
    ]);
    stored.policies[0].customized = true;
    expect(planCatalogueSync([CATALOGUE], stored).replacePolicies).toEqual([]);
  });

  it('refuses a locked role naming an undeclared permission or another label', () => {
    const broken = (name: string, permission: string): RbacCatalogue => ({
      ...CATALOGUE,
      viewsets: [{ viewset: 'x', lockedRoles: { [name]: { permissions: [permission] } } }],
    });
    expect(() => planCatalogueSync([broken('demo.r', 'demo.fly_widget')], EMPTY)).toThrow(
      'Locked role demo.r of demo: demo.fly_widget',
    );
    expect(() => planCatalogueSync([broken('core.r', 'demo.view_widget')], EMPTY)).toThrow('wrong prefix');
  });
});

describe("core's catalogue", () => {
  it('declares every permission its locked roles and policies name', () => {
    const declared = new Set(permissionRows(CORE_CATALOGUE).map((row) => `${row.app_label}.${row.codename}`));
    const named = CORE_CATALOGUE.viewsets.flatMap((access) => [
      ...Object.values(access.lockedRoles ?? {}).flatMap((role) => role.permissions),
      ...[...JSON.stringify(access.policy?.statements ?? []).matchAll(/:(core\.[a-z_]+)/g)].map((match) => match[1]),
    ]);
    expect(named.filter((permission) => !declared.has(permission))).toEqual([]);
    expect(() => planCatalogueSync([CORE_CATALOGUE], EMPTY)).not.toThrow();
  });
});

describe('canonicalJson', () => {
  it('ignores key order, not array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(canonicalJson({ a: [{ c: 2, d: 1 }], b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
