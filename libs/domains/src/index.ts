export { DEFAULT_DOMAIN_NAME, Domain } from './domain.entity';
