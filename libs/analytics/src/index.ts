export { analyticsJson, encodeAnalytics } from './analytics-payload';
export { AnalyticsTasksModule } from './analytics-tasks.module';
export { collectAnalytics } from './collect-analytics';
export { ensureSystemId } from './system-id';
