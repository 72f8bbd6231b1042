export { analyticsJson, ANALYTICS_MESSAGE, encodeAnalytics, type AnalyticsPayload } from './analytics-payload';
export { AnalyticsTasksModule } from './analytics-tasks.module';
export { collectAnalytics, MissingSystemIdError, type AnalyticsSources } from './collect-analytics';
export { ensureSystemId } from './system-id';
