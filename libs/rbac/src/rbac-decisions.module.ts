import { Module } from '@nestjs/common';
import { Authentication } from './authentication';
import { BasicAuthenticator } from './basic-authenticator';
import { AccessPolicies } from './catalogue/access-policies.service';
import { Permissions } from './permissions.service';
import { PolicyEngine } from './policy/policy-engine';
import { ProxyAuthenticator } from './proxy-authenticator';
import { Sessions } from './sessions';

const DECISIONS = [
  BasicAuthenticator,
  Sessions,
  ProxyAuthenticator,
  Authentication,
  Permissions,
  AccessPolicies,
  PolicyEngine,
];

/**
 * Who sends a request and what the access policies say of it, without the API's guard: the API and
 * the content app (its RBAC content guard) decide alike. Needs TableChangesModule (access policies
 * are kept until they change).
 */
@Module({ providers: DECISIONS, exports: DECISIONS })
export class RbacDecisionsModule {}
