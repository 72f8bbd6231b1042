import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';

const KEY = /^[-a-zA-Z0-9_]+$/;
const KEY_MESSAGE = 'This value does not match the required pattern.';

@ApiSchema({ name: 'SetLabel', description: 'Serializer for synchronously setting a label.' })
export class SetLabelDto {
  @ApiProperty({ minLength: 1, pattern: KEY.source })
  @IsString()
  @MinLength(1)
  @Matches(KEY, { message: KEY_MESSAGE })
  key!: string;
  @ApiProperty({ type: 'string', nullable: true })
  @IsOptional()
  @IsString()
  value!: string | null;
}

@ApiSchema({ name: 'SetLabelResponse', description: 'Serializer for synchronously setting a label.' })
export class SetLabelResponse {
  @ApiProperty({ pattern: KEY.source })
  key!: string;
  @ApiProperty({ type: 'string', nullable: true })
  value!: string | null;
}

@ApiSchema({ name: 'UnsetLabel', description: 'Serializer for synchronously UNsetting a label.' })
export class UnsetLabelDto {
  @ApiProperty({ minLength: 1, pattern: KEY.source })
  @IsString()
  @MinLength(1)
  @Matches(KEY, { message: KEY_MESSAGE })
  key!: string;
}

@ApiSchema({ name: 'UnsetLabelResponse', description: 'Serializer for synchronously UNsetting a label.' })
export class UnsetLabelResponse {
  @ApiProperty({ pattern: KEY.source })
  key!: string;
  @ApiPropertyOptional({ type: 'string', readOnly: true })
  value!: string | null;
}
