import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTelemetry } from './telemetry';

/** Flushes telemetry when the application closes (its signal handlers end in process.exit). */
@Global()
@Module({})
export class TelemetryModule implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTelemetry();
  }
}
