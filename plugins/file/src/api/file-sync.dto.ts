import { ApiHideProperty, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { RepositorySyncURLDto } from '@pulp/plugin-api';

/**
 * The file sync body: core's RepositorySyncURL plus `optimize` (spec: file-plugin §2.2), which
 * pulp_file honours but the reference schema does not list, so it stays out of the document.
 */
@ApiSchema({ name: 'RepositorySyncURL' })
export class FileRepositorySyncDto extends RepositorySyncURLDto {
  @ApiHideProperty()
  @IsOptional()
  @IsBoolean()
  optimize?: boolean;
}
