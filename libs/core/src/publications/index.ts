export { MetadataFiles } from './metadata-files';
export { addPublishedMetadata, completePublication, insertPublication, type NewPublication } from './publications';
