import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PulpSettings } from '@pulp/config';
import { applyJqPath, parseJqPath, type JqStep } from '@pulp/config/jq-path';
import { singleHeader } from '@pulp/http';
import { AuthenticationError } from '@pulp/errors';
import { User } from './user.entity';

/** Django's name of a request header (`HTTP_REMOTE_USER`) → the header (`remote-user`); null when not a header. */
export function headerOfEnvironName(name: string): string | null {
  return name.startsWith('HTTP_') && name.length > 'HTTP_'.length
    ? name.slice('HTTP_'.length).toLowerCase().replace(/_/g, '-')
    : null;
}

const USERNAME_MAX = 150;

/**
 * Users a trusted proxy vouches for, as Pulp's PulpRemoteUserAuthentication (a header naming the
 * user, REMOTE_USER_ENVIRON_NAME) and JSONHeaderRemoteAuthentication (base64 JSON in
 * AUTHENTICATION_JSON_HEADER, the username at AUTHENTICATION_JSON_HEADER_JQ_FILTER) do. Both are off
 * unless configured; a username seen for the first time becomes a user without a usable password.
 */
@Injectable()
export class ProxyAuthenticator {
  private readonly logger = new Logger('Authentication');
  private readonly remoteUserHeader: string | null;
  private readonly jsonHeader: string | null;
  private readonly jqPath: JqStep[] | null;

  constructor(
    private readonly dataSource: DataSource,
    settings: PulpSettings,
  ) {
    this.remoteUserHeader = headerOfEnvironName(settings.REMOTE_USER_ENVIRON_NAME);
    this.jsonHeader = headerOfEnvironName(settings.AUTHENTICATION_JSON_HEADER);
    this.jqPath = parseJqPath(settings.AUTHENTICATION_JSON_HEADER_JQ_FILTER);
  }

  /** The user the proxy's headers name; null when they name none. */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<User | null> {
    const remoteUser = this.remoteUserHeader ? singleHeader(headers[this.remoteUserHeader]) : undefined;
    if (remoteUser) {
      return this.userNamed(remoteUser);
    }
    const json = this.jsonHeader ? singleHeader(headers[this.jsonHeader]) : undefined;
    if (json === undefined || !this.jqPath) {
      return null;
    }
    const username = applyJqPath(decodeJsonHeader(json), this.jqPath);
    if (typeof username !== 'string' || username === '') {
      this.logger.debug(`${this.jsonHeader} names no user at ${JSON.stringify(this.jqPath)}`);
      return null;
    }
    return this.userNamed(username);
  }

  /** The active user of that name, created on first sight; null for an inactive one or an impossible name. */
  private async userNamed(username: string): Promise<User | null> {
    if (username.length > USERNAME_MAX || username.includes('\u0000')) {
      return null;
    }
    const users = this.dataSource.getRepository(User);
    // Django's unusable password: such a user logs in through the proxy only.
    await users.createQueryBuilder().insert().values({ username, password: '!' }).orIgnore().execute();
    const user = await users.findOneBy({ username });
    return user?.isActive ? user : null;
  }
}

/** The header's JSON; 401 as Pulp words it when it is not base64 or not JSON. */
function decodeJsonHeader(value: string): unknown {
  const text = value.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new AuthenticationError('Access denied.');
  }
  try {
    return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
  } catch {
    throw new AuthenticationError('Access denied. Invalid JSON.');
  }
}
