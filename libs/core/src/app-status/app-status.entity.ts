import { Column, Entity } from 'typeorm';
import { PulpEntity } from '@pulp/database';

export type AppType = 'api' | 'content' | 'worker';

/** A running process's heartbeat row; the process is online while `last_heartbeat >= now() - ttl`. */
@Entity({ name: 'core_appstatus' })
export class AppStatus extends PulpEntity {
  @Column('text', { name: 'app_type' })
  appType!: AppType;

  @Column('text', { unique: true })
  name!: string;

  @Column('jsonb')
  versions!: Record<string, string>;

  /** An interval (read back as Postgres's text form), so liveness is decided by the database clock alone. */
  @Column('interval')
  ttl!: string;

  @Column('timestamptz', { name: 'last_heartbeat' })
  lastHeartbeat!: Date;
}
