import { permissionRows } from './catalogue';
import { CORE_CATALOGUE } from './core-catalogue';

describe("core's catalogue", () => {
  const declared = new Set(permissionRows(CORE_CATALOGUE).map((row) => `${row.app_label}.${row.codename}`));

  it('gives every core model Django’s four permissions, so roles of an admin’s own may name them', () => {
    for (const name of ['core.view_repository', 'core.change_remote', 'core.delete_artifact', 'auth.view_user']) {
      expect(declared).toContain(name);
    }
  });

  it('declares every permission its locked roles name', () => {
    const named = CORE_CATALOGUE.viewsets.flatMap((viewset) =>
      Object.values(viewset.lockedRoles ?? {}).flatMap((role) => (Array.isArray(role) ? role : role.permissions)),
    );
    expect(named.filter((name) => !declared.has(name))).toEqual([]);
  });
});
