import type { PolicyStatement } from '../catalogue/catalogue';
import { isAllowed, matchesAction, matchesPrincipal, type Principal } from './statements';

const user = (fields: Partial<Principal> = {}): Principal => ({
  id: 7,
  username: 'alice',
  isSuperuser: false,
  isStaff: false,
  groups: () => Promise.resolve(['readers']),
  ...fields,
});
const allow = (fields: Partial<PolicyStatement>): PolicyStatement => ({
  action: '*',
  principal: 'authenticated',
  effect: 'allow',
  ...fields,
});
const holding = (held: string[]) => (condition: string) => Promise.resolve(held.includes(condition));

describe('matchesAction', () => {
  it('matches *, a name, a list, <safe_methods> and <method:x>', () => {
    expect(matchesAction(allow({ action: '*' }), 'sync', 'POST')).toBe(true);
    expect(matchesAction(allow({ action: 'sync' }), 'sync', 'POST')).toBe(true);
    expect(matchesAction(allow({ action: ['list', 'retrieve'] }), 'retrieve', 'GET')).toBe(true);
    expect(matchesAction(allow({ action: ['list', 'retrieve'] }), 'destroy', 'DELETE')).toBe(false);
    expect(matchesAction(allow({ action: '<safe_methods>' }), 'list', 'GET')).toBe(true);
    expect(matchesAction(allow({ action: '<safe_methods>' }), 'create', 'POST')).toBe(false);
    expect(matchesAction(allow({ action: '<method:patch>' }), 'partial_update', 'PATCH')).toBe(true);
    expect(matchesAction(allow({ action: '<method:patch>' }), 'update', 'PUT')).toBe(false);
  });
});

describe('matchesPrincipal', () => {
  it('reads admin as superuser and staff as is_staff, as drf-access-policy does', async () => {
    expect(await matchesPrincipal(allow({ principal: 'admin' }), user())).toBe(false);
    expect(await matchesPrincipal(allow({ principal: 'admin' }), user({ isSuperuser: true }))).toBe(true);
    expect(await matchesPrincipal(allow({ principal: 'admin' }), user({ isStaff: true }))).toBe(false);
    expect(await matchesPrincipal(allow({ principal: 'staff' }), user({ isStaff: true }))).toBe(true);
  });

  it('matches *, authenticated, id:, user: and group:, never anonymous', async () => {
    for (const principal of ['*', 'authenticated', 'id:7', 'user:alice', 'group:readers', ['x', 'group:readers']]) {
      expect(await matchesPrincipal(allow({ principal }), user())).toBe(true);
    }
    for (const principal of ['anonymous', 'id:8', 'user:bob', 'group:writers', 'user:alice2', []]) {
      expect(await matchesPrincipal(allow({ principal }), user())).toBe(false);
    }
  });

  it('matches a request without credentials by * and anonymous only', async () => {
    const anonymous = user({ anonymous: true, id: -1, username: '' });
    for (const principal of ['*', 'anonymous', ['x', 'anonymous']]) {
      expect(await matchesPrincipal(allow({ principal }), anonymous)).toBe(true);
    }
    for (const principal of ['authenticated', 'admin', 'staff', 'id:-1', 'user:', 'group:readers', []]) {
      expect(await matchesPrincipal(allow({ principal }), anonymous)).toBe(false);
    }
  });

  it('reads the groups only for a statement naming one', async () => {
    const groups = jest.fn(() => Promise.resolve([]));
    await matchesPrincipal(allow({ principal: ['authenticated'] }), user({ groups }));
    expect(groups).not.toHaveBeenCalled();
  });
});

describe('isAllowed', () => {
  const request = { action: 'destroy', method: 'DELETE', principal: user() };

  it('needs a matching allow whose conditions all hold (string or list)', async () => {
    const statements = [allow({ action: 'destroy', condition: ['a', 'b'] })];
    expect(await isAllowed(statements, request, holding(['a', 'b']))).toBe(true);
    expect(await isAllowed(statements, request, holding(['a']))).toBe(false);
    expect(await isAllowed([allow({ condition: 'a' })], request, holding(['a']))).toBe(true);
    expect(await isAllowed([allow({ action: 'list' })], request, holding([]))).toBe(false);
    expect(await isAllowed([], request, holding([]))).toBe(false);
  });

  it('weighs condition_expression with the conditions', async () => {
    const statements = [allow({ condition: 'a', condition_expression: 'b or not c' })];
    expect(await isAllowed(statements, request, holding(['a', 'c']))).toBe(false);
    expect(await isAllowed(statements, request, holding(['a']))).toBe(true);
    expect(await isAllowed(statements, request, holding(['b', 'c']))).toBe(false);
  });

  it('lets a holding deny win, superusers included; a deny whose condition fails refuses nothing', async () => {
    const statements = [allow({ principal: 'admin' }), allow({ effect: 'deny', condition: 'frozen' })];
    const admin = { ...request, principal: user({ isSuperuser: true }) };
    expect(await isAllowed(statements, admin, holding(['frozen']))).toBe(false);
    expect(await isAllowed(statements, admin, holding([]))).toBe(true);
  });

  it('refuses an unknown effect', async () => {
    expect(await isAllowed([allow({ effect: 'permit' as PolicyStatement['effect'] })], request, holding([]))).toBe(
      false,
    );
  });
});
