import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LABELS_PROPERTY, PulpObjectResponse } from '@pulp/rest';

/** Content of any type, as the generic content list shows it: its labels and files. */
export class MultipleArtifactContentResponse extends PulpObjectResponse {
  @ApiPropertyOptional({
    ...LABELS_PROPERTY,
    description: 'A dictionary of arbitrary key/value pairs used to describe a specific Content instance.',
  })
  pulp_labels!: Record<string, string | null>;
  @ApiPropertyOptional({ type: 'string', format: 'uri', readOnly: true })
  vuln_report!: string | null;
  @ApiProperty({
    type: Object,
    description:
      "A dict mapping relative paths inside the Content to the correspondingArtifact URLs. E.g.: {'relative/path': " +
      "'/artifacts/1/'",
  })
  artifacts!: Record<string, string | null>;
}

export class ContentGuardResponse extends PulpObjectResponse {
  @ApiProperty({ description: 'The unique name.' })
  name!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'An optional description.' })
  description!: string | null;
}

export class SigningServiceResponse extends PulpObjectResponse {
  @ApiProperty({ description: 'A unique name used to recognize a script.' })
  name!: string;
  @ApiProperty({ description: 'The value of a public key used for the repository verification.' })
  public_key!: string;
  @ApiProperty({ description: 'The fingerprint of the public key.' })
  pubkey_fingerprint!: string;
  @ApiProperty({ description: 'An absolute path to a script which is going to be used for the signing.' })
  script!: string;
}
