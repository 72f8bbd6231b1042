import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A local user, in Django's `auth_user` shape (integer ids, as Pulp's users have). */
@Entity({ name: 'auth_user' })
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('varchar', { length: 150, unique: true })
  username!: string;

  /** `scrypt$N$r$p$salt$hash`, see password-hasher.ts; never serialized. */
  @Column('varchar', { length: 256 })
  password!: string;

  @Column('varchar', { name: 'first_name', length: 150, default: '' })
  firstName!: string;

  @Column('varchar', { name: 'last_name', length: 150, default: '' })
  lastName!: string;

  @Column('varchar', { length: 254, default: '' })
  email!: string;

  @Column('boolean', { name: 'is_superuser', default: false })
  isSuperuser!: boolean;

  @Column('boolean', { name: 'is_staff', default: false })
  isStaff!: boolean;

  @Column('boolean', { name: 'is_active', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'date_joined', type: 'timestamptz' })
  dateJoined!: Date;

  @Column('timestamptz', { name: 'last_login', nullable: true })
  lastLogin!: Date | null;
}
