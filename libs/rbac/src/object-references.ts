import type { PermissionTarget } from './grants';

/**
 * Objects named by href, as role assignments name them (`content_object`): Pulp's generic
 * reference (`content_type` `file.filerepository`, `object_id`) and back. Implemented where the
 * hrefs of every type are known (libs/core), provided under OBJECT_REFERENCES.
 */
export interface ObjectReferences {
  /** The object an href names (`…/repositories/file/file/<uuid>/`), if it exists; undefined otherwise. */
  resolve(href: string): Promise<Required<PermissionTarget> | undefined>;
  /** The href of an object a role assignment names, or undefined for a type without one. */
  hrefOf(contentType: string, objectId: string): string | undefined;
}

export const OBJECT_REFERENCES = Symbol('pulp:object-references');
