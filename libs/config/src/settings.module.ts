import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PulpSettings } from './pulp-settings';

/** Makes the process's settings injectable everywhere as `PulpSettings`. */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings: PulpSettings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: PulpSettings, useValue: settings }],
      exports: [PulpSettings],
    };
  }
}
