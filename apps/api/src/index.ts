export { createApiApplication, generateOpenApiDocument } from './api-application';
