import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HIDDEN_FIELDS_PROPERTY, LABELS_PROPERTY, PulpObjectResponse, type HiddenField } from '@pulp/rest';

const nullableString = (description: string) => ({ type: 'string', nullable: true, description }) as const;
export const nullableInteger = (description: string) =>
  ({ type: 'integer', format: 'int64', nullable: true, description }) as const;
/** A remote's timeout field, as Pulp's schema declares each. */
export const timeout = (name: string) =>
  ({
    type: 'number',
    format: 'double',
    nullable: true,
    minimum: 0,
    description:
      `aiohttp.ClientTimeout.${name} (q.v.) for download-connections. The default is null, which will cause the ` +
      'default from the aiohttp library to be used.',
  }) as const;

export const POLICIES = ['immediate', 'on_demand', 'streamed'] as const;

/** Pulp's RemoteSerializer as the generic remotes list shows every type. */
export class GenericRemoteResponse extends PulpObjectResponse {
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    readOnly: true,
    description: 'Timestamp of the most recent update of the remote.',
  })
  declare pulp_last_updated: string;
  @ApiProperty({ description: 'A unique name for this remote.' })
  name!: string;
  @ApiProperty({ description: 'The URL of an external content source.' })
  url!: string;
  @ApiPropertyOptional(
    nullableString(
      'A PEM encoded CA certificate used to validate the server certificate presented by the remote server.',
    ),
  )
  ca_cert!: string | null;
  @ApiPropertyOptional(nullableString('A PEM encoded client certificate used for authentication.'))
  client_cert!: string | null;
  @ApiPropertyOptional({ description: 'If True, TLS peer validation must be performed.' })
  tls_validation!: boolean;
  @ApiPropertyOptional(nullableString('The proxy URL. Format: scheme://host:port'))
  proxy_url!: string | null;
  @ApiPropertyOptional(LABELS_PROPERTY)
  pulp_labels!: Record<string, string | null>;
  @ApiPropertyOptional(
    nullableInteger('Total number of simultaneous connections. If not set then the default value will be used.'),
  )
  download_concurrency!: number | null;
  @ApiPropertyOptional(
    nullableInteger(
      'Maximum number of retry attempts after a download failure. If not set then the default value (3) will be used.',
    ),
  )
  max_retries!: number | null;
  @ApiPropertyOptional({
    enum: POLICIES,
    enumName: 'Policy692Enum',
    default: 'immediate',
    description: 'The policy to use when downloading content.',
  })
  policy!: string;
  @ApiPropertyOptional(timeout('total'))
  total_timeout!: number | null;
  @ApiPropertyOptional(timeout('connect'))
  connect_timeout!: number | null;
  @ApiPropertyOptional(timeout('sock_connect'))
  sock_connect_timeout!: number | null;
  @ApiPropertyOptional(timeout('sock_read'))
  sock_read_timeout!: number | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Headers for aiohttp.Clientsession' })
  headers!: Array<Record<string, string>> | null;
  @ApiPropertyOptional(nullableInteger('Limits requests per second for each concurrent downloader'))
  rate_limit!: number | null;
  @ApiPropertyOptional(HIDDEN_FIELDS_PROPERTY)
  hidden_fields!: HiddenField[];
}
