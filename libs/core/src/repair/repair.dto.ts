import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

@ApiSchema({ name: 'Repair' })
export class RepairDto {
  @ApiPropertyOptional({
    default: true,
    description:
      'Will verify that the checksum of all stored files matches what saved in the database. ' +
      'Otherwise only the existence of the files will be checked. Enabled by default',
  })
  @IsOptional()
  @IsBoolean()
  verify_checksums?: boolean;
}
