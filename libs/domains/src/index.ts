export { DEFAULT_DOMAIN_NAME } from '@pulp/config';
export { DEFAULT_DOMAIN_ID_SQL, Domain } from './domain.entity';
