import { ApiPropertyOptional } from '@nestjs/swagger';
import { PulpObjectResponse } from '@pulp/rest';

export class PublicationResponse extends PulpObjectResponse {
  @ApiPropertyOptional({ type: 'string', format: 'uri' })
  repository_version!: string;
  @ApiPropertyOptional({ type: 'string', format: 'uri', description: 'A URI of the repository to be published.' })
  repository!: string;
}
