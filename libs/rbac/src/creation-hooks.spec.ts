import { createdObject } from './creation-hooks';

describe('createdObject', () => {
  const id = '0190f6a2-8b7c-7d3e-9f00-123456789abc';

  it('reads the role reference off the PRN and the viewset off the path, ids left out', () => {
    expect(createdObject(`prn:file.filerepository:${id}`, `repositories/file/file/${id}/`)).toEqual({
      viewset: 'repositories/file/file',
      contentType: 'file.filerepository',
      objectId: id,
    });
    expect(createdObject(`prn:core.repositoryversion:${id}`, `repositories/file/file/${id}/versions/12/`)).toEqual({
      viewset: 'repositories/file/file/versions',
      contentType: 'core.repositoryversion',
      objectId: id,
    });
    expect(createdObject(`prn:core.task:${id}`, `tasks/${id}/`)?.viewset).toBe('tasks');
  });

  it('gives nothing for what is not a PRN or a path', () => {
    expect(createdObject(`file.filerepository:${id}`, `repositories/file/file/${id}/`)).toBeUndefined();
    expect(createdObject('prn:nodot:1', 'x/')).toBeUndefined();
    expect(createdObject(`prn:core.task:${id}`, `${id}/`)).toBeUndefined();
  });
});
