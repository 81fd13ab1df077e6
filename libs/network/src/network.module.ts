import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@ashar/accounts';
import { MailModule } from '@ashar/mail';
import { RateCounterModule } from '@ashar/transport';
import {
  CountryEntity,
  MembershipEntity,
  NationalNetworkEntity,
  OrganisationEntity,
  OrganisationTranslationEntity,
} from './network.entities';
import { NetworkResolver, OrganisationFieldsResolver, PersonOrganisationsResolver } from './network.resolver';
import { NetworkService } from './network.service';

@Module({
  imports: [
    AccountsModule,
    MailModule,
    RateCounterModule,
    TypeOrmModule.forFeature([
      CountryEntity,
      NationalNetworkEntity,
      OrganisationEntity,
      OrganisationTranslationEntity,
      MembershipEntity,
    ]),
  ],
  providers: [NetworkService, NetworkResolver, OrganisationFieldsResolver, PersonOrganisationsResolver],
  exports: [NetworkService],
})
export class NetworkModule {}
