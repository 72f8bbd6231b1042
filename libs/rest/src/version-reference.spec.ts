import { parseObjectReference, parseVersionReference } from './version-reference';

const id = '0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f';

describe('parseVersionReference', () => {
  it('reads a version href as repository and number', () => {
    expect(parseVersionReference(`/pulp/api/v3/repositories/file/file/${id.toUpperCase()}/versions/12/`)).toEqual({
      repositoryId: id,
      number: 12,
    });
  });

  it("reads a version's PRN as its uuid", () => {
    expect(parseVersionReference(`prn:core.repositoryversion:${id}`)).toEqual({ id });
  });

  it.each([
    `/pulp/api/v3/repositories/file/file/${id}/`,
    `/pulp/api/v3/repositories/file/file/${id}/versions/x/`,
    `/pulp/api/v3/repositories/file/file/${id}/versions/99999999999999999999/`,
    `/pulp/api/v3/repositories/file/file/${id}/versions/2147483648/`,
    `prn:file.filerepository:${id}`,
    id,
  ])('refuses %p, which names no version', (value) => {
    expect(() => parseVersionReference(value)).toThrow(`URI not valid: ${value}`);
  });
});

describe('parseObjectReference', () => {
  const other = '0198c6a2-4c5d-7e6f-8a9b-0c1d2e3f4a5b';

  // Everything a task can record among its created resources, as its href, PRN or uuid.
  it.each([
    `/pulp/api/v3/repositories/file/file/${id}/`,
    `/pulp/api/v3/remotes/file/file/${id}/`,
    `/pulp/api/v3/publications/file/file/${id}/`,
    `/pulp/api/v3/distributions/file/file/${id}/`,
    `/pulp/api/v3/content/file/files/${id}/`,
    `/pulp/api/v3/artifacts/${id}/`,
    `/pulp/api/v3/exporters/core/pulp/${other}/exports/${id}/`,
    `http://localhost:24817/pulp/api/v3/distributions/file/file/${id.toUpperCase()}/`,
    `prn:core.repositoryversion:${id}`,
    `prn:core.pulpexport:${id}`,
    id,
  ])('reads %p as the uuid it names', (value) => {
    expect(parseObjectReference(value)).toEqual({ id });
  });

  it("reads a version's href as its repository and number", () => {
    expect(parseObjectReference(`/pulp/api/v3/repositories/file/file/${id}/versions/3/`)).toEqual({
      repositoryId: id,
      number: 3,
    });
  });

  it.each(['/pulp/api/v3/tasks/zzz/', `/pulp/api/v3/repositories/file/file/${id}/versions/2147483648/`, 'nope', ''])(
    'refuses %p, which names nothing',
    (value) => {
      expect(() => parseObjectReference(value)).toThrow(`URI not valid: ${value}`);
    },
  );
});
