import { ApiPropertyOptional } from '@nestjs/swagger';

/** `pulp_href` and `prn`: what every Pulp object's body starts with. */
export class PulpReferenceResponse {
  @ApiPropertyOptional({ type: 'string', format: 'uri', readOnly: true })
  pulp_href!: string;
  @ApiPropertyOptional({ readOnly: true, description: 'The Pulp Resource Name (PRN).' })
  prn!: string;
}

/** The common fields of a model's body: reference plus creation and update times. */
export class PulpObjectResponse extends PulpReferenceResponse {
  @ApiPropertyOptional({ type: 'string', format: 'date-time', readOnly: true, description: 'Timestamp of creation.' })
  pulp_created!: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    readOnly: true,
    description:
      'Timestamp of the last time this resource was updated. Note: for immutable resources - like content, ' +
      'repository versions, and publication - pulp_created and pulp_last_updated dates will be the same.',
  })
  pulp_last_updated!: string;
}

/** `pulp_labels`' schema: string keys to string or null values. */
export const LABELS_PROPERTY = {
  type: 'object',
  additionalProperties: { type: 'string', nullable: true },
} as const;

/** A write-only field and whether it holds a value: Pulp's `hidden_fields` (remotes' credentials, users' password). */
export interface HiddenField {
  name: string;
  is_set: boolean;
}

/** `hidden_fields`' schema. */
export const HIDDEN_FIELDS_PROPERTY = {
  type: 'array',
  items: {
    type: 'object',
    properties: { name: { type: 'string' }, is_set: { type: 'boolean' } },
    required: ['is_set', 'name'] as string[],
  },
  readOnly: true,
  description: 'List of hidden (write only) fields',
} as const;
