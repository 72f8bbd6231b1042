import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { typedPublicationEndpoints, type DetailFields } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';
import { MANIFEST, ManifestName } from './file-repository.dto';

export const PUBLISH_TASK = 'pulp_file.app.tasks.publishing.publish';

/** The manifest a publication writes when the request does not name one. */
export const DEFAULT_MANIFEST = MANIFEST.default;

class FilePublicationFields {
  @ApiPropertyOptional({ ...MANIFEST, minLength: 1 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @ManifestName()
  manifest?: string | null;
}

class FilePublicationShown {
  @ApiPropertyOptional(MANIFEST)
  manifest!: string | null;
}

/** A file publication's own field, in `file_filepublication`: the manifest it wrote (null: none). */
export const FILE_PUBLICATION_DETAIL: DetailFields = {
  table: 'file_filepublication',
  key: 'publication_id',
  request: FilePublicationFields,
  response: FilePublicationShown,
};

/** `publications/file/file/`: pass-through publications of a file repository version, with a manifest. */
export const FILE_PUBLICATION_ENDPOINTS = typedPublicationEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
  contentType: 'file.filepublication',
  operationPrefix: 'publications_file_file',
  placeholder: 'file_file_publication_href',
  tag: 'Publications: File',
  component: 'file.FilePublication',
  noun: 'file publication',
  description:
    '\nA FilePublication contains metadata about all the File Content in a particular File Repository Version.\n' +
    'Once a FilePublication has been created, it can be hosted using the\nFile Distribution API.',
  repositoryTypes: [FILE_TYPE],
  task: PUBLISH_TASK,
  detail: FILE_PUBLICATION_DETAIL,
});
