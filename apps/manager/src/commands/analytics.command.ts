import { parseArgs } from 'node:util';
import { analyticsJson, collectAnalytics, encodeAnalytics } from '@pulp/analytics';
import { poolOf, sqlOf } from '@pulp/database';
import { ManagerUsageError, type ManagerCommand } from '../manager-tools';

/**
 * Shows what the daily analytics task would post, as one line of JSON, and posts nothing: the
 * posting itself is the schedule's (one worker a day), so a manual run cannot double it.
 */
export const analyticsCommand: ManagerCommand = {
  name: 'analytics',
  summary: 'Show the anonymous analytics payload the daily task would post',
  usage:
    'pulpcore-manager analytics --dry-run\n\n' +
    '  --dry-run   print the payload as JSON (one line); nothing is sent\n\n' +
    'Posting is left to the daily "Post Anonymous Analytics Periodically" schedule (ANALYTICS, ANALYTICS_URL).\n',
  async run(args, tools) {
    if (parseArgs({ args, options: { 'dry-run': { type: 'boolean' } } }).values['dry-run'] !== true) {
      throw new ManagerUsageError('Only --dry-run is supported: the daily schedule does the posting.');
    }
    return tools.withDatabase(async (context) => {
      const payload = await collectAnalytics(sqlOf(poolOf(context.dataSource)), {
        components: context.components,
        domainEnabled: context.loaded.settings.DOMAIN_ENABLED,
      });
      tools.print(analyticsJson(encodeAnalytics(payload)));
      return 0;
    });
  },
};
