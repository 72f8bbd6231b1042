import { hrefViewset } from './object-type';

const API = '/pulp/api/v3/';
const ID = '0193a1b2-0000-7000-8000-000000000001';

describe('hrefViewset', () => {
  it('names the viewset of a list href or an object href', () => {
    expect(hrefViewset('/pulp/api/v3/repositories/file/file/', API)).toBe('repositories/file/file');
    expect(hrefViewset(`/pulp/api/v3/repositories/file/file/${ID}/`, API)).toBe('repositories/file/file');
    expect(hrefViewset(`/pulp/api/v3/repositories/file/file/${ID}/versions/`, API)).toBe(
      'repositories/file/file/versions',
    );
    expect(hrefViewset('/pulp/api/v3/groups/12/users/', API)).toBe('groups/users');
    expect(hrefViewset('http://pulp.example/pulp/api/v3/tasks/', API)).toBe('tasks');
  });

  it('gives nothing outside the API or for a malformed path', () => {
    expect(hrefViewset('/elsewhere/tasks/', API)).toBeUndefined();
    expect(hrefViewset('/pulp/api/v3/tasks', API)).toBeUndefined();
    expect(hrefViewset('/pulp/api/v3/', API)).toBeUndefined();
    expect(hrefViewset('/pulp/api/v3//tasks/', API)).toBeUndefined();
    expect(hrefViewset('http://[bad', API)).toBeUndefined();
  });
});
