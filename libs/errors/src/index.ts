export {
  AuthenticationError,
  DatabaseUnavailableError,
  NotFoundError,
  PulpError,
  PulpValidationError,
  type PulpErrorKind,
} from './pulp-error';
