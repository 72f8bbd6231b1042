import { DetailTypes } from './detail-types';

const id = '0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f';
const API = '/pulp/api/v3/';

describe('DetailTypes', () => {
  const types = new DetailTypes([
    { master: 'content', pulpType: 'file.file', endpoint: 'files', model: 'filecontent' },
    { master: 'repositories', pulpType: 'file.file', endpoint: 'file', model: 'filerepository' },
  ]);

  it("names core's types as Pulp does", () => {
    expect(types.href(API, 'distributions', 'core.artifact', id)).toBe(`${API}distributions/core/artifacts/${id}/`);
    expect(types.prn('contentguards', 'core.header', id)).toBe(`prn:core.headercontentguard:${id}`);
    expect(types.segment('repositories', 'core.openpgp')).toBe('core/openpgp_keyring');
  });

  it('names the types plugins declare, per master', () => {
    expect(types.href(API, 'content', 'file.file', id)).toBe(`${API}content/file/files/${id}/`);
    expect(types.prn('content', 'file.file', id)).toBe(`prn:file.filecontent:${id}`);
    expect(types.href(API, 'repositories', 'file.file', id)).toBe(`${API}repositories/file/file/${id}/`);
    expect(types.prn('repositories', 'file.file', id)).toBe(`prn:file.filerepository:${id}`);
  });

  it('falls back to <app>/<type> and <type><master model> for a type nobody declared', () => {
    expect(types.href(API, 'remotes', 'ansible.git', id)).toBe(`${API}remotes/ansible/git/${id}/`);
    expect(types.prn('remotes', 'ansible.git', id)).toBe(`prn:ansible.gitremote:${id}`);
  });

  it('finds the declared type of a detail model, as role assignments name objects', () => {
    expect(types.ofModel('file.filerepository')).toMatchObject({ master: 'repositories', pulpType: 'file.file' });
    expect(types.ofModel('core.rbaccontentguard')).toMatchObject({ master: 'contentguards', pulpType: 'core.rbac' });
    expect(types.ofModel('ansible.gitremote')).toBeUndefined();
  });

  it('gives the models of a master’s declared types, as role assignments name them', () => {
    expect(types.model('repositories', 'file.file')).toBe('file.filerepository');
    expect(types.modelsOf('repositories')).toEqual(
      new Map([
        ['core.openpgp', 'core.openpgpkeyring'],
        ['file.file', 'file.filerepository'],
      ]),
    );
    expect([...types.modelsOf('remotes')]).toEqual([]);
  });

  it('refuses a type declared twice', () => {
    expect(
      () => new DetailTypes([{ master: 'distributions', pulpType: 'core.artifact', endpoint: 'x', model: 'x' }]),
    ).toThrow('distributions type core.artifact is declared twice');
  });
});
