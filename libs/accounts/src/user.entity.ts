import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Locale } from '@ashar/i18n';
import { Role } from './role';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  email: string;

  @Column({ name: 'display_name', type: 'varchar' })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', select: false })
  passwordHash: string;

  @Column({ name: 'preferred_locale', type: 'varchar' })
  preferredLocale: Locale;

  /** Whether mentions left unread are e-mailed (the discussions lib's MentionMailer). */
  @Column({ name: 'mention_mail', type: 'boolean', default: true })
  mentionMail: boolean;

  /** Carried in access tokens; raising it refuses every token issued before (see TokenService). */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** Set while the account is suspended: it cannot sign in (AccountsService.suspendAccount). */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ name: 'suspended_by', type: 'uuid', nullable: true })
  suspendedBy: string | null;

  /** Whether an admin made the suspension: then only admins change or lift it (`checkSuspender`). */
  @Column({ name: 'suspended_by_admin', type: 'boolean', default: false })
  suspendedByAdmin: boolean;

  @Column({ name: 'suspension_reason', type: 'varchar', nullable: true })
  suspensionReason: string | null;

  @OneToMany(() => UserRoleEntity, (grant) => grant.user)
  roles: UserRoleEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('user_role')
export class UserRoleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, (user) => user.roles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: UserEntity;

  @Column({ type: 'varchar' })
  role: Role;

  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ name: 'granted_by', type: 'uuid', nullable: true })
  grantedBy: string | null;

  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;
}
