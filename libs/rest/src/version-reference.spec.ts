import { parseVersionReference } from './version-reference';

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
