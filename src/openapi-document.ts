import { DataSource } from 'typeorm';
import { generateOpenApiDocument } from '@pulp/api';
import { processIdentity } from '@pulp/core';
import { DatabaseEncryption } from '@pulp/database';
import type { PulpLogger } from '@pulp/logging';
import { loadConfiguration, versionComponents } from './boot';

/**
 * The API's OpenAPI document, built from the controllers alone: a DataSource that never connects is
 * enough, and a key file that is never read.
 */
export function openApiDocumentWithoutDatabase(logger: PulpLogger): Promise<Record<string, unknown>> {
  const { loaded, plugins } = loadConfiguration(logger);
  const context = {
    loaded,
    logger,
    dataSource: new DataSource({ type: 'postgres' }),
    encryption: new DatabaseEncryption(loaded.settings.DB_ENCRYPTION_KEY),
    components: versionComponents(plugins),
  };
  return generateOpenApiDocument(context, processIdentity('api', loaded.settings), plugins);
}
