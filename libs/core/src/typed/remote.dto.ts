import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Min,
} from 'class-validator';
import { LABELS_PROPERTY, LandsIn } from '@pulp/rest';
import { GenericRemoteResponse, nullableInteger as integer, POLICIES, timeout } from '../lists/remote.dto';

const text = (description: string, extra: { nullable?: boolean; writeOnly?: boolean } = {}) =>
  ({ type: 'string', minLength: 1, description, ...extra }) as const;
const secret = (description: string) => text(description, { nullable: true, writeOnly: true });
// FloatField(min_value=0.0): DRF prints the limit as Python does.
const AT_LEAST_ZERO = { message: 'Ensure this value is greater than or equal to 0.0.' };
const NOT_TRIMMED = 'Extra leading and trailing whitespace characters are not trimmed.';

/** The writable fields every remote has (Pulp's RemoteSerializer), in its order. */
export class RemoteFields {
  @ApiProperty(text('A unique name for this remote.'))
  @IsString()
  @IsNotEmpty()
  @LandsIn('name')
  name!: string;
  @ApiProperty(text('The URL of an external content source.'))
  @IsString()
  @IsNotEmpty()
  url!: string;
  @ApiPropertyOptional(
    text('A PEM encoded CA certificate used to validate the server certificate presented by the remote server.', {
      nullable: true,
    }),
  )
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  ca_cert?: string | null;
  @ApiPropertyOptional(text('A PEM encoded client certificate used for authentication.', { nullable: true }))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  client_cert?: string | null;
  @ApiPropertyOptional(secret('A PEM encoded private key used for authentication.'))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  client_key?: string | null;
  @ApiPropertyOptional({ type: 'boolean', description: 'If True, TLS peer validation must be performed.' })
  @IsOptional()
  @IsBoolean()
  tls_validation?: boolean;
  @ApiPropertyOptional(text('The proxy URL. Format: scheme://host:port', { nullable: true }))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  proxy_url?: string | null;
  @ApiPropertyOptional(secret('The username to authenticte to the proxy.'))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  proxy_username?: string | null;
  @ApiPropertyOptional(secret(`The password to authenticate to the proxy. ${NOT_TRIMMED}`))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  proxy_password?: string | null;
  @ApiPropertyOptional(secret('The username to be used for authentication when syncing.'))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  username?: string | null;
  @ApiPropertyOptional(secret(`The password to be used for authentication when syncing. ${NOT_TRIMMED}`))
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  password?: string | null;
  @ApiPropertyOptional(LABELS_PROPERTY)
  @IsOptional()
  @IsObject()
  pulp_labels?: Record<string, string | null>;
  @ApiPropertyOptional(
    integer('Total number of simultaneous connections. If not set then the default value will be used.'),
  )
  @IsOptional()
  @IsInt()
  @Min(1)
  download_concurrency?: number | null;
  @ApiPropertyOptional(
    integer(
      'Maximum number of retry attempts after a download failure. If not set then the default value (3) will be used.',
    ),
  )
  @IsOptional()
  @IsInt()
  max_retries?: number | null;
  @ApiPropertyOptional({
    enum: POLICIES,
    enumName: 'Policy692Enum',
    default: 'immediate',
    description: 'The policy to use when downloading content.',
  })
  @IsOptional()
  @IsIn(POLICIES)
  policy?: string;
  @ApiPropertyOptional(timeout('total'))
  @IsOptional()
  @IsNumber()
  @Min(0, AT_LEAST_ZERO)
  total_timeout?: number | null;
  @ApiPropertyOptional(timeout('connect'))
  @IsOptional()
  @IsNumber()
  @Min(0, AT_LEAST_ZERO)
  connect_timeout?: number | null;
  @ApiPropertyOptional(timeout('sock_connect'))
  @IsOptional()
  @IsNumber()
  @Min(0, AT_LEAST_ZERO)
  sock_connect_timeout?: number | null;
  @ApiPropertyOptional(timeout('sock_read'))
  @IsOptional()
  @IsNumber()
  @Min(0, AT_LEAST_ZERO)
  sock_read_timeout?: number | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Headers for aiohttp.Clientsession' })
  @IsOptional()
  @IsArray()
  headers?: Array<Record<string, unknown>>;
  @ApiPropertyOptional(integer('Limits requests per second for each concurrent downloader'))
  @IsOptional()
  @IsInt()
  rate_limit?: number | null;
}

/** A remote type's three components, named as Pulp names them (`file.FileRemote`, `Patched…`, `…Response`). */
export function remoteDtos(component: string) {
  @ApiSchema({ name: component })
  class Request extends RemoteFields {}
  @ApiSchema({ name: `Patched${component}` })
  class Patched extends PartialType(RemoteFields) {}
  @ApiSchema({ name: `${component}Response` })
  class Response extends GenericRemoteResponse {}
  return { request: Request, patched: Patched as typeof RemoteFields, response: Response };
}
