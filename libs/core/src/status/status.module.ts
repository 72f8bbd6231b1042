import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { StatusService } from './status.service';

/** `GET status/`; needs AppStatusModule (global) in the same application. */
@Module({ controllers: [StatusController], providers: [StatusService] })
export class StatusModule {}
