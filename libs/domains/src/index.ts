export { DEFAULT_DOMAIN_ID_SQL, DEFAULT_DOMAIN_NAME, Domain } from './domain.entity';
