/**
 * The tables what the content app serves is read from. Its caches hold while none of them changes
 * (TableChanges.generationOf); writes elsewhere (tasks, uploads in progress) keep them.
 */
export const SERVED_TABLES = [
  'core_distribution',
  'core_publication',
  'core_publishedartifact',
  'core_publishedmetadata',
  'core_repositoryversion',
  'core_repositorycontent',
  'core_contentartifact',
  'core_artifact',
  'core_remoteartifact',
  'core_remote',
  'core_contentguard',
  'core_headercontentguard',
  'core_compositecontentguard_guards',
] as const;
