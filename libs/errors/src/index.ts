export { AuthenticationError, PulpError, PulpValidationError, type PulpErrorKind } from './pulp-error';
