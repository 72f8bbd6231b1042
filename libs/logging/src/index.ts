export { acceptCorrelationId, currentCorrelationId, runWithCorrelationId } from './correlation-id';
export { PulpLogger, type LogLevelName } from './pulp-logger';
