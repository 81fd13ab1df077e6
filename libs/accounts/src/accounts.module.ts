import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '@ashar/mail';
import { RateCounterModule } from '@ashar/transport';
import { AccessGuard } from './access.guard';
import { AccountsResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordResetRateLimiter } from './password-reset-rate-limiter';
import { PasswordResetResolver } from './password-reset.resolver';
import { PasswordResetService } from './password-reset.service';
import { RegisterRateLimiter } from './register-rate-limiter';
import { RegistrationResolver } from './registration.resolver';
import { RegistrationService } from './registration.service';
import { RoleChangeListeners } from './role-change';
import { TokenService } from './token.service';
import { UserEntity, UserRoleEntity } from './user.entity';

@Module({
  imports: [RateCounterModule, MailModule, TypeOrmModule.forFeature([UserEntity, UserRoleEntity])],
  providers: [
    AccountsService,
    AccountsResolver,
    TokenService,
    LoginRateLimiter,
    RegisterRateLimiter,
    RegistrationService,
    RegistrationResolver,
    PasswordResetService,
    PasswordResetResolver,
    PasswordResetRateLimiter,
    RoleChangeListeners,
    AccessGuard,
    { provide: APP_GUARD, useExisting: AccessGuard },
  ],
  exports: [AccountsService, TokenService, AccessGuard, RoleChangeListeners],
})
export class AccountsModule {}
