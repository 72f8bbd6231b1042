import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { AppStatusResponse } from '@pulp/tasking';

// Class names are the component names of Pulp's schema: pulp-glue and generated bindings use them.

@ApiSchema({ description: 'Serializer for the version information of Pulp components' })
export class VersionResponse {
  @ApiProperty({ description: 'Name of a versioned component of Pulp' })
  component!: string;
  @ApiProperty({ description: 'Version of the component (e.g. 3.0.0)' })
  version!: string;
  @ApiProperty({ description: 'Python package name providing the component' })
  package!: string;
  @ApiProperty({ description: 'Python module name of the component' })
  module!: string;
  @ApiProperty({ description: 'Domain feature compatibility of component' })
  domain_compatible!: boolean;
}

@ApiSchema({ description: 'Serializer for the database connection information' })
export class DatabaseConnectionResponse {
  @ApiProperty({ description: 'Info about whether the app can connect to the database' })
  connected!: boolean;
}

@ApiSchema({ description: 'Serializer for information about the Redis connection' })
export class RedisConnectionResponse {
  @ApiProperty({ description: 'Info about whether the app can connect to Redis' })
  connected!: boolean;
}

@ApiSchema({ description: 'Serializer for information about the storage system' })
export class StorageResponse {
  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'Total number of bytes' })
  total!: number | null;
  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'Number of bytes in use' })
  used!: number | null;
  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'Number of free bytes' })
  free!: number | null;
}

@ApiSchema({ description: 'Serializer for information about content-app-settings for the pulp instance' })
export class ContentSettingsResponse {
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: 'The CONTENT_ORIGIN setting for this Pulp instance',
  })
  content_origin!: string | null;
  @ApiProperty({ description: 'The CONTENT_PATH_PREFIX setting for this Pulp instance' })
  content_path_prefix!: string;
}

@ApiSchema({ description: 'Serializer for the status information of the app' })
export class StatusResponse {
  @ApiProperty({ type: [VersionResponse], description: 'Version information of Pulp components' })
  versions!: VersionResponse[];
  @ApiProperty({
    type: [AppStatusResponse],
    description:
      'List of online workers known to the application. An online worker is actively heartbeating and can respond to new work.',
  })
  online_workers!: AppStatusResponse[];
  @ApiProperty({
    type: [AppStatusResponse],
    description:
      'List of online api apps known to the application. An online api app is actively heartbeating and can serve the rest api to clients.',
  })
  online_api_apps!: AppStatusResponse[];
  @ApiProperty({
    type: [AppStatusResponse],
    description:
      'List of online content apps known to the application. An online content app is actively heartbeating and can serve data to clients.',
  })
  online_content_apps!: AppStatusResponse[];
  @ApiProperty({ description: 'Database connection information' })
  database_connection!: DatabaseConnectionResponse;
  @ApiPropertyOptional({ description: 'Redis connection information' })
  redis_connection?: RedisConnectionResponse;
  @ApiPropertyOptional({ description: 'Storage information' })
  storage?: StorageResponse;
  @ApiProperty({ description: 'Content-app settings' })
  content_settings!: ContentSettingsResponse;
  @ApiProperty({ description: 'Is Domains enabled' })
  domain_enabled!: boolean;
}
