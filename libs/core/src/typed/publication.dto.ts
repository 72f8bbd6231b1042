import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { PublicationResponse } from '../lists/publication.dto';
import { withDetail } from './detail-dtos';
import type { DetailFields } from './detail-fields';

/**
 * The writable fields every publication has (Pulp's PublicationSerializer): exactly one of
 * `repository` (its latest version) and `repository_version`; `checkpoint` only with `repository`.
 */
export class PublicationFields {
  @ApiPropertyOptional({ type: 'string', format: 'uri' })
  @IsOptional()
  @IsString()
  repository_version?: string;
  @ApiPropertyOptional({ type: 'string', format: 'uri', description: 'A URI of the repository to be published.' })
  @IsOptional()
  @IsString()
  repository?: string;
  @ApiPropertyOptional({ type: 'boolean' })
  @IsOptional()
  @IsBoolean()
  checkpoint?: boolean;
}

/** What every typed publication shows beside the generic list's fields. */
export class TypedPublicationResponse extends PublicationResponse {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uri' },
    readOnly: true,
    description: 'This publication is currently hosted as defined by these distributions.',
  })
  distributions!: string[];
  @ApiPropertyOptional({ type: 'boolean' })
  checkpoint!: boolean;
}

/** A publication type's components, named as Pulp names them (`file.FilePublication`, `…Response`); with `detail`, the type's own fields follow core's. */
export function publicationDtos(component: string, detail?: DetailFields) {
  const { fields, shown } = withDetail(PublicationFields, TypedPublicationResponse, detail);
  @ApiSchema({ name: component })
  class Request extends fields {}
  @ApiSchema({ name: `${component}Response` })
  class Response extends shown {}
  return { request: Request, response: Response };
}
