export { apiBase, createApiApplication, generateOpenApiDocument, type ApiApplicationOptions } from './api-application';
export { documentVariant, toOpenApi31, toPulpDocument } from './openapi/pulp-openapi';
