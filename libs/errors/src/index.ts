export { AuthenticationError, PulpError, PulpValidationError, ThrottledError, type PulpErrorKind } from './pulp-error';
