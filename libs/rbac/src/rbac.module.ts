import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './authentication.guard';
import { BasicAuthenticator } from './basic-authenticator';

/** Authentication (and, later, authorization) of API requests. */
@Module({
  providers: [BasicAuthenticator, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [BasicAuthenticator],
})
export class RbacModule {}
