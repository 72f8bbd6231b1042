import { Module, type DynamicModule } from '@nestjs/common';
import { ANALYTICS_COMPONENTS, AnalyticsTasks } from './analytics.task';
import type { AnalyticsSources } from './collect-analytics';

/** The worker's analytics task; `components` are those the process loaded (status `versions`). */
@Module({})
export class AnalyticsTasksModule {
  static forRoot(components: AnalyticsSources['components']): DynamicModule {
    return {
      module: AnalyticsTasksModule,
      providers: [AnalyticsTasks, { provide: ANALYTICS_COMPONENTS, useValue: components }],
    };
  }
}
