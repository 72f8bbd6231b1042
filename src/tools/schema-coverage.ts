import { resolve } from 'node:path';
import { PulpLogger } from '@pulp/logging';
import { openApiDocumentWithoutDatabase } from '../openapi-document';
import { contractDocument, readReferenceContract } from './openapi-contract';
import { renderCoverage, schemaCoverage } from './schema-coverage-report';

// `npm run schema:coverage`: how many of Pulp 3.102's operations (core and file; certguard is not
// ours to build) the API serves, and which are missing, against the contract committed in test/fixtures.
const repositoryRoot = resolve(__dirname, '../../..');

async function main(): Promise<void> {
  // Only the schema is built: no secret is used, but settings validation wants one.
  process.env.PULP_SECRET_KEY ??= 'schema-coverage';
  const served = await openApiDocumentWithoutDatabase(new PulpLogger('WARNING'));
  const coverage = schemaCoverage(
    served,
    contractDocument(readReferenceContract(repositoryRoot)),
    (path) => path.includes('/certguard/') || path.includes('certguard_'),
  );
  process.stdout.write(renderCoverage(coverage));
}

void main();
