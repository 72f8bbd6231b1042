export {
  acceptCorrelationId,
  currentCorrelationId,
  setProcessCorrelationId,
  withCorrelationId,
} from './correlation-id';
export { PulpLogger, type LogLevelName } from './pulp-logger';
