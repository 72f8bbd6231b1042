#!/usr/bin/env node
// Writes test/fixtures/pulpcore-<core version>-contract.json: the compact, prose-free contract of
// Pulp's OpenAPI schema that the tests and `npm run schema:coverage` compare the served schema with
// (src/tools/openapi-contract.ts says what it keeps).
//
// To move to a newer Pulp: take the schema a Pulp of that release serves (with pulp_file installed),
//   curl -s http://PULP/pulp/api/v3/docs/api.json > pulpcore-X.Y.Z-api.json
// then, in this checkout:
//   npm run build && node tools/openapi-contract.js pulpcore-X.Y.Z-api.json
// and point REFERENCE_CONTRACT (src/tools/openapi-contract.ts) at the new file.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const [reference] = process.argv.slice(2);
if (!reference) {
  process.stderr.write('usage: node tools/openapi-contract.js PULP-API.json   (after npm run build)\n');
  process.exit(2);
}
const { openApiContract, renderContract } = require(join(root, 'dist/src/tools/openapi-contract.js'));
const contract = openApiContract(JSON.parse(readFileSync(reference, 'utf8')));
const target = join(root, 'test/fixtures', `pulpcore-${contract.info['x-pulp-app-versions'].core}-contract.json`);
writeFileSync(target, renderContract(contract));
process.stdout.write(
  `wrote ${target}: ${contract.operations.length} operations, ${Object.keys(contract.schemas).length} schemas\n`,
);
