import { Controller, Delete, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { currentDomainName } from '@pulp/domains';
import {
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import { AuthenticationError, PulpValidationError } from '@pulp/errors';
import {
  AccessAction,
  AccessPolicy,
  BasicAuthenticator,
  hashPassword,
  parseCookies,
  SESSION_COOKIE,
  sessionCookies,
  Sessions,
  User,
  type GuardedRequest,
} from '@pulp/rbac';
import { PulpBody } from '@pulp/rest';

export class LoginResponse {
  @ApiPropertyOptional({ format: 'uri', readOnly: true })
  pulp_href!: string;
  @ApiPropertyOptional({ readOnly: true })
  prn!: string;
  @ApiPropertyOptional({ readOnly: true })
  username!: string;
}

/** What the caller may change of their own account (a new password needs the old one). */
export class LoginUpdate {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  @Matches(/^[\w.@+-]+$/, { message: 'Enter a valid username. It may contain only letters, numbers, and @/./+/-/_.' })
  username?: string;

  @IsOptional()
  @IsString()
  @MaxLength(150)
  first_name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(150)
  last_name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  @ValidateIf((_body, value) => value !== '')
  @IsEmail({}, { message: 'Enter a valid email address.' })
  email?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  new_password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  old_password?: string;
}

type LoginRequest = GuardedRequest & FastifyRequest;

/** The caller: a `login` policy customized to let anonymous callers in still leaves nobody to log in. */
function caller(request: LoginRequest): User {
  if (!request.user) {
    throw new AuthenticationError('Authentication credentials were not provided.');
  }
  return request.user;
}

/**
 * Pulp's login is a plain DRF view, whose action drf-access-policy names by its class: the `login`
 * policy's statements match `*` or `LoginViewSet`.
 */
const LoginAction = () => AccessAction('LoginViewSet');

/**
 * Who the caller is, and their session: POST opens one (Basic credentials, or a session being
 * renewed), DELETE ends it. Cookies: see sessionCookies().
 */
@ApiTags('Login')
@AccessPolicy('login')
@Controller('login')
export class LoginController {
  constructor(
    private readonly settings: PulpSettings,
    private readonly sessions: Sessions,
    private readonly passwords: BasicAuthenticator,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'login_read' })
  @LoginAction()
  @ApiOkResponse({ type: LoginResponse, description: '' })
  whoAmI(@Req() request: LoginRequest): LoginResponse {
    return this.describe(caller(request));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'login' })
  @LoginAction()
  @ApiCreatedResponse({ type: LoginResponse, description: '' })
  async login(@Req() request: LoginRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    // A login replaces the session it came with: a fixed session key cannot be planted beforehand.
    if (request.session) {
      await this.sessions.close(request.session.key);
    }
    const session = await this.sessions.open(caller(request));
    void reply.header('Set-Cookie', sessionCookies(session, this.sessions.maxAge, request.protocol === 'https'));
    return this.describe(caller(request));
  }

  /** The spec's login_update; not in Pulp 3.102's schema, so left out of ours. */
  @Patch()
  @ApiExcludeEndpoint()
  @ApiOperation({ operationId: 'login_update' })
  @LoginAction()
  async update(@Req() request: LoginRequest, @PulpBody(LoginUpdate) body: LoginUpdate): Promise<LoginResponse> {
    const user = caller(request);
    const changes: Partial<User> = {};
    if (body.new_password !== undefined) {
      if (body.old_password === undefined) {
        throw new PulpValidationError({ old_password: ['This field is required.'] });
      }
      await this.checkOldPassword(user, body.old_password, request.ip);
      changes.password = await hashPassword(body.new_password);
    }
    Object.assign(changes, {
      ...(body.username !== undefined && { username: body.username }),
      ...(body.first_name !== undefined && { firstName: body.first_name }),
      ...(body.last_name !== undefined && { lastName: body.last_name }),
      ...(body.email !== undefined && { email: body.email }),
    });
    if (Object.keys(changes).length > 0) {
      await this.dataSource.getRepository(User).update({ id: user.id }, changes);
    }
    if (changes.password !== undefined) {
      await this.sessions.closeOthers(user, request.session?.key);
    }
    return this.describe({ ...user, ...changes });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout' })
  @LoginAction()
  @ApiNoContentResponse({ description: '' })
  async logout(@Req() request: LoginRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    // The cookie's session ends even when the request authenticated otherwise (Basic), as Django's logout.
    const key = request.session?.key ?? parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (key !== undefined) {
      await this.sessions.close(key);
    }
    void reply.header('Set-Cookie', sessionCookies(null, 0, request.protocol === 'https'));
  }

  /** The old password, checked as a login is (same limits); a wrong one is a 400 on the field. */
  private async checkOldPassword(user: User, password: string, address: string): Promise<void> {
    try {
      await this.passwords.verify(user.username, password, address);
    } catch (error) {
      if ((error as { kind?: string }).kind === 'unauthenticated') {
        throw new PulpValidationError({ old_password: ['Invalid password.'] });
      }
      throw error;
    }
  }

  private describe({ id, username }: Pick<User, 'id' | 'username'>): LoginResponse {
    return { pulp_href: `${resourceApiPath(this.settings, currentDomainName())}users/${id}/`, prn: `prn:auth.user:${id}`, username };
  }
}
