import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { Allow, IsBoolean, IsIn, IsObject, IsOptional, IsString, MinLength } from 'class-validator';
import { DOMAIN_NAME_MAX_LENGTH } from '@pulp/domains';
import { LABELS_PROPERTY, PulpObjectResponse } from '@pulp/rest';
import { STORAGE_CLASSES } from '@pulp/storage';

const NAME = {
  description: 'A name for this domain.',
  maxLength: DOMAIN_NAME_MAX_LENGTH,
  pattern: '^[-a-zA-Z0-9_]+$',
} as const;
const DESCRIPTION = 'An optional description.';
const STORAGE_CLASS = {
  enum: STORAGE_CLASSES,
  enumName: 'StorageClassEnum',
  description:
    'Backend storage class for domain.\n\n' +
    '* `pulpcore.app.models.storage.FileSystem` - Use local filesystem as storage\n' +
    '* `storages.backends.s3boto3.S3Boto3Storage` - Use Amazon S3 as storage [deprecated]\n' +
    '* `storages.backends.s3.S3Storage` - Use Amazon S3 as storage\n' +
    '* `storages.backends.azure_storage.AzureStorage` - Use Azure Blob as storage',
} as const;
const STORAGE_SETTINGS = { type: Object, description: 'Settings for storage class.' };
const REDIRECT = {
  type: 'boolean',
  default: true,
  description: 'Boolean to have the content app redirect to object storage.',
} as const;
const HIDE_GUARDED = {
  type: 'boolean',
  default: false,
  description: 'Boolean to hide distributions with a content guard in the content app.',
} as const;

/**
 * A domain as requests write it (Pulp's DomainSerializer). The name's slug and length, and the
 * storage settings of the class, are checked by DomainWrites with Pulp's messages.
 */
@ApiSchema({ name: 'Domain', description: 'Serializer for Domain.' })
export class DomainDto {
  @ApiProperty({ ...NAME, minLength: 1 })
  @IsString()
  @MinLength(1)
  name!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, minLength: 1, description: DESCRIPTION })
  @IsOptional()
  @IsString()
  @MinLength(1)
  description?: string | null;
  @ApiPropertyOptional(LABELS_PROPERTY)
  @IsOptional()
  @IsObject()
  pulp_labels?: Record<string, string | null>;
  @ApiProperty(STORAGE_CLASS)
  @IsIn(STORAGE_CLASSES)
  storage_class!: string;
  /** An object, or its JSON text (a form's value): checked against the class by DomainWrites. */
  @ApiProperty(STORAGE_SETTINGS)
  @Allow()
  storage_settings!: unknown;
  @ApiPropertyOptional(REDIRECT)
  @IsOptional()
  @IsBoolean()
  redirect_to_object_storage?: boolean;
  @ApiPropertyOptional(HIDE_GUARDED)
  @IsOptional()
  @IsBoolean()
  hide_guarded_distributions?: boolean;
}

/** The storage `domains/migrate/` moves the URL's domain to (Pulp's DomainBackendMigratorSerializer). */
@ApiSchema({
  name: 'DomainBackendMigrator',
  description: 'Special serializer for performing a storage backend migration on a Domain.',
})
export class DomainBackendMigratorDto {
  @ApiProperty({ ...STORAGE_CLASS, description: 'The new backend storage class to migrate to.' })
  @IsIn(STORAGE_CLASSES)
  storage_class!: string;
  /** An object, or its JSON text: checked against the class by DomainWrites, as a create's. */
  @ApiProperty({ ...STORAGE_SETTINGS, description: 'The settings for the new storage class to migrate to.' })
  @Allow()
  storage_settings!: unknown;
}

@ApiSchema({ name: 'PatchedDomain', description: 'Serializer for Domain.' })
export class PatchedDomainDto extends PartialType(DomainDto) {}

@ApiSchema({ name: 'DomainResponse', description: 'Serializer for Domain.' })
export class DomainResponse extends PulpObjectResponse {
  @ApiProperty(NAME)
  name!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: DESCRIPTION })
  description!: string | null;
  @ApiPropertyOptional(LABELS_PROPERTY)
  pulp_labels!: Record<string, string | null>;
  @ApiProperty(STORAGE_CLASS)
  storage_class!: string;
  /** The class's settings without its write-only ones, and `hidden_fields` saying which of those are set. */
  @ApiProperty(STORAGE_SETTINGS)
  storage_settings!: Record<string, unknown>;
  @ApiPropertyOptional(REDIRECT)
  redirect_to_object_storage!: boolean;
  @ApiPropertyOptional(HIDE_GUARDED)
  hide_guarded_distributions!: boolean;
}
