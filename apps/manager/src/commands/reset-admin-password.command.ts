import { parseArgs } from 'node:util';
import { ADMIN_USERNAME, randomPassword, setAdminPassword } from '@pulp/rbac';
import { ManagerUsageError, type ManagerCommand } from '../manager-tools';

export const resetAdminPasswordCommand: ManagerCommand = {
  name: 'reset-admin-password',
  summary: 'Set the password of the "admin" superuser, creating it if missing',
  usage:
    'pulpcore-manager reset-admin-password [--random | --password PASSWORD]\n\n' +
    '  --random              set a random 20-character password and print it\n' +
    '  --password PASSWORD   set this password (insecure: it shows in the process list and shell history)\n' +
    '  (neither)             prompt for the password twice\n',
  async run(args, tools) {
    const { random, password: given } = parseArgs({
      args,
      options: { random: { type: 'boolean' }, password: { type: 'string', short: 'p' } },
    }).values;
    if (random && given !== undefined) {
      throw new ManagerUsageError('Use either --random or --password, not both.');
    }
    let password = random ? randomPassword() : given;
    if (password === undefined) {
      password = await tools.prompt('Password: ', true);
      if ((await tools.prompt('Password (again): ', true)) !== password) {
        tools.print("Error: Your passwords didn't match.");
        return 1;
      }
    }
    if (password === '') {
      tools.print('Error: Blank passwords are not allowed.');
      return 1;
    }
    await tools.withDatabase((context) => setAdminPassword(context.dataSource, password));
    tools.print(
      random
        ? `Successfully set "${ADMIN_USERNAME}" user's password to "${password}".`
        : `Successfully set "${ADMIN_USERNAME}" user's password.`,
    );
    return 0;
  },
};
