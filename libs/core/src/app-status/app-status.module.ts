import { Global, Module, type DynamicModule } from '@nestjs/common';
import { VERSION_COMPONENTS, type VersionComponent } from '../components';
import { PROCESS_IDENTITY } from './app-status.constants';
import { AppStatusService } from './app-status.service';
import type { ProcessIdentity } from './process-identity';

/** Heartbeat of this process; the components it reports are those the app loaded. */
@Global()
@Module({})
export class AppStatusModule {
  static forRoot(identity: ProcessIdentity, components: VersionComponent[]): DynamicModule {
    return {
      module: AppStatusModule,
      providers: [
        AppStatusService,
        { provide: PROCESS_IDENTITY, useValue: identity },
        { provide: VERSION_COMPONENTS, useValue: components },
      ],
      exports: [AppStatusService, VERSION_COMPONENTS, PROCESS_IDENTITY],
    };
  }
}
