export {
  AuthenticationError,
  PulpError,
  PulpValidationError,
  ThrottledError,
  type FieldErrors,
  type PulpErrorKind,
} from './pulp-error';
