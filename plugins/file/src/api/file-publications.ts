import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import {
  PublicationFields,
  typedPublicationEndpoints,
  TypedPublicationResponse,
  type DetailFields,
} from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

export const PUBLISH_TASK = 'pulp_file.app.tasks.publishing.publish';

const MANIFEST = 'Filename to use for manifest file containing metadata for all the files.';

/** A file publication's own field: the manifest it writes (null: none). */
export const FILE_PUBLICATION_DETAIL: DetailFields = {
  table: 'file_filepublication',
  key: 'publication_id',
  fields: { manifest: { default: 'PULP_MANIFEST' } },
};

class FilePublicationFields extends PublicationFields {
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    minLength: 1,
    default: 'PULP_MANIFEST',
    description: MANIFEST,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  manifest?: string | null;
}

class FilePublicationResponse extends TypedPublicationResponse {
  @ApiPropertyOptional({ type: 'string', nullable: true, default: 'PULP_MANIFEST', description: MANIFEST })
  manifest!: string | null;
}

/** `publications/file/file/`: pass-through publications of a file repository version, with a manifest. */
export const FILE_PUBLICATION_ENDPOINTS = typedPublicationEndpoints({
  pulpType: FILE_TYPE,
  segment: 'file/file',
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
  request: FilePublicationFields,
  response: FilePublicationResponse,
});
