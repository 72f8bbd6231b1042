export {
  acceptCorrelationId,
  currentCorrelationId,
  runWithCorrelationId,
  setProcessCorrelationId,
} from './correlation-id';
export { PulpLogger, type LogLevelName } from './pulp-logger';
