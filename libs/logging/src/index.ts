export { acceptCorrelationId, currentCorrelationId, enterCorrelationId, runWithCorrelationId } from './correlation-id';
export { PulpLogger, type LogLevelName } from './pulp-logger';
