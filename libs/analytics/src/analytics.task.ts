import { Inject, Injectable, Logger } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { analyticsJson, encodeAnalytics } from './analytics-payload';
import { collectAnalytics, type AnalyticsSources } from './collect-analytics';
import { loggableUrl, postAnalytics } from './post-analytics';

/** Injection token of the components (core and the loaded plugins) the payload lists. */
export const ANALYTICS_COMPONENTS = Symbol('ANALYTICS_COMPONENTS');

const logger = new Logger('analytics');

/**
 * Pulp's `post_analytics`, run by the daily system schedule: the payload goes to ANALYTICS_URL,
 * or, without one, only to the log. Whatever the receiver does, the task completes: a failed post
 * is a warning, and the next one is a day later.
 */
@Injectable()
export class AnalyticsTasks {
  constructor(
    private readonly settings: PulpSettings,
    @Inject(ANALYTICS_COMPONENTS) private readonly components: AnalyticsSources['components'],
  ) {}

  @TaskHandler('pulpcore.app.tasks.analytics.post_analytics')
  async postAnalytics({ sql }: TaskContext): Promise<null> {
    // A run dispatched before ANALYTICS was turned off, or by a worker configured otherwise, still
    // sends nothing: off means nothing is collected.
    if (!this.settings.ANALYTICS) {
      logger.log('ANALYTICS is off: nothing collected, nothing sent.');
      return null;
    }
    const encoded = encodeAnalytics(
      await collectAnalytics(sql, { components: this.components, domainEnabled: this.settings.DOMAIN_ENABLED }),
    );
    const json = analyticsJson(encoded);
    const url = this.settings.ANALYTICS_URL;
    if (url === null) {
      logger.log(`ANALYTICS_URL is not set: anonymous analytics not sent, only logged: ${json}`);
      return null;
    }
    const outcome = await postAnalytics(url, encoded);
    if (outcome.ok) {
      logger.log(`Submitted anonymous analytics to ${loggableUrl(url)}: ${json}`);
    } else {
      logger.warn(
        `Sending anonymous analytics to ${loggableUrl(url)} failed (${outcome.reason ?? `status ${outcome.status}`}); ` +
          'it is not retried, the next post is due in 24 hours.',
      );
    }
    return null;
  }
}
