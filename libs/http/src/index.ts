export { createAccessLog, type AccessLog } from './access-log';
export { runClustered } from './cluster';
export { errorBody } from './error-body';
export { listenOn, ListenError } from './listen';
export { PulpExceptionFilter } from './pulp-exception.filter';
export { parseBind, parseServerOptions, serverUsage, UsageError, type ServerOptions } from './server-options';
export { fastifyOptions, installWireRules } from './wire-rules';
export { MEMBER_PLACEHOLDER_EXTENSION, MemberPlaceholder } from './member-placeholder.decorator';
export { absoluteUrl } from './absolute-url';
