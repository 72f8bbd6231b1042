import type { PermissionTarget } from './grants';

/**
 * What RBAC needs to know of the API's objects, answered by libs/core (which knows hrefs, tables
 * and detail types): the object a reference names, as a permission target, and the models of a
 * master's detail types (`repositories` → `file.file` → `file.filerepository`).
 */
export const OBJECT_REFERENCES = Symbol('pulp:object-references');

export interface ObjectReferences {
  /**
   * The existing object a reference names: an API href (`/pulp/api/v3/repositories/file/file/<uuid>/`),
   * or a PRN or uuid of the `collection` given (`repositories`, `remotes`, `tasks`, `uploads`,
   * `groups`…: the href's first segment); undefined when it names none.
   */
  resolve(reference: string, collection?: string): Promise<PermissionTarget | undefined>;
  /** The repository of the version a reference (href or PRN) names, if it exists. */
  repositoryOfVersion(reference: string): Promise<PermissionTarget | undefined>;
  /** The model (`file.filerepository`) of each detail type of `master`, by `pulp_type`. */
  modelsOf(master: string): ReadonlyMap<string, string>;
}

/** The permission viewing objects of a model: `file.filerepository` → `file.view_filerepository`. */
export function viewPermission(model: string): string {
  const dot = model.indexOf('.');
  return `${model.slice(0, dot)}.view_${model.slice(dot + 1)}`;
}
