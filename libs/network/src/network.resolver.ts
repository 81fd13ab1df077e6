import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentUser, PersonModel, Role, type AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import type { Locale } from '@ashar/i18n';
import { type GraphqlContext, IdPipe, PageArgs, perRequest, RequestLocale } from '@ashar/transport';
import DataLoader from 'dataloader';
import {
  CountryFilter,
  CreateNationalNetworkInput,
  InvitationInput,
  MembershipInput,
  OrganisationFilter,
  OrganisationInput,
  OrganisationTranslationInput,
  UpdateOrganisationInput,
} from './dto/network.inputs';
import {
  CountryConnection,
  CountryModel,
  NationalNetworkConnection,
  NationalNetworkModel,
  OrganisationConnection,
  OrganisationInvitationModel,
  OrganisationModel,
  OrganisationPermissions,
} from './dto/network.models';
import { NetworkService } from './network.service';

@Resolver()
export class NetworkResolver {
  constructor(private readonly network: NetworkService) {}

  @Allow('GUEST')
  @Query(() => CountryConnection)
  countries(
    @Args() page: PageArgs,
    @Args('filter', { type: () => CountryFilter, nullable: true }) filter: CountryFilter,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.listCountries(filter, page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => CountryModel, { nullable: true })
  country(@Args('code') code: string, @RequestLocale() locale: Locale) {
    return this.network.country(code, locale);
  }

  @Allow('GUEST')
  @Query(() => NationalNetworkConnection)
  nationalNetworks(@Args() page: PageArgs, @RequestLocale() locale: Locale) {
    return this.network.nationalNetworks(page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => NationalNetworkModel, { nullable: true })
  nationalNetwork(@Args('countryCode') countryCode: string, @RequestLocale() locale: Locale) {
    return this.network.nationalNetwork(countryCode, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Mutation(() => NationalNetworkModel)
  createNationalNetwork(
    @CurrentUser() user: AuthUser,
    @Args('input') input: CreateNationalNetworkInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.createNationalNetwork(user, input, locale);
  }

  @Allow('GUEST')
  @Query(() => OrganisationConnection)
  organisations(
    @CurrentUser() user: AuthUser | undefined,
    @Args() page: PageArgs,
    @Args('filter', { type: () => OrganisationFilter, nullable: true })
    filter: OrganisationFilter,
    @RequestLocale() locale: Locale,
  ) {
    // Who belongs where is for signed-in people, as organisationMembers is.
    if (filter?.memberId && !user) throw AppError.unauthenticated();
    return this.network.organisations(filter, page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => OrganisationModel)
  organisation(@Args('id', { type: () => ID }, IdPipe) id: string, @RequestLocale() locale: Locale) {
    return this.network.organisation(id, locale);
  }

  @Allow('USER')
  @Query(() => [PersonModel], { description: 'Members of an organisation (signed-in users only).' })
  organisationMembers(@Args('organisationId', { type: () => ID }, IdPipe) organisationId: string) {
    return this.network.members(organisationId);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => OrganisationModel)
  createOrganisation(
    @CurrentUser() user: AuthUser,
    @Args('input') input: OrganisationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.createOrganisation(user, input, locale);
  }

  @Allow('USER')
  @Mutation(() => OrganisationModel)
  updateOrganisation(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: UpdateOrganisationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.updateOrganisation(user, id, input, locale);
  }

  @Allow('USER')
  @Mutation(() => OrganisationModel)
  translateOrganisation(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: OrganisationTranslationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.translateOrganisation(user, id, input, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Mutation(() => Boolean)
  deleteOrganisation(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.network.deleteOrganisation(user, id);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => OrganisationModel)
  addMember(
    @CurrentUser() user: AuthUser,
    @Args('input') input: MembershipInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.addMember(user, input, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => Boolean, {
    description:
      'Invites `email`, which no account uses yet, by e-mail for 30 days: the account that comes to use it joins the organisation.',
  })
  inviteMember(
    @CurrentUser() user: AuthUser,
    @Args('input') input: InvitationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.network.invite(user, input, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Query(() => [OrganisationInvitationModel], {
    description: 'Invitations waiting for an account, newest first (for those who manage the organisation).',
  })
  organisationInvitations(
    @CurrentUser() user: AuthUser,
    @Args('organisationId', { type: () => ID }, IdPipe) organisationId: string,
  ) {
    return this.network.invitations(user, organisationId);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => Boolean)
  cancelInvitation(@CurrentUser() user: AuthUser, @Args('input') input: InvitationInput) {
    return this.network.cancelInvitation(user, input);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => Boolean)
  removeMember(@CurrentUser() user: AuthUser, @Args('input') input: MembershipInput) {
    return this.network.removeMember(user, input);
  }
}

/** The per-request loader of the caller's memberships. */
const MEMBERSHIPS = Symbol('memberships');

@Resolver(() => OrganisationModel)
export class OrganisationFieldsResolver {
  constructor(private readonly network: NetworkService) {}

  @ResolveField(() => OrganisationPermissions, {
    description: 'What the caller may do with it now, by the same rules the mutations apply.',
  })
  viewerCan(
    @Parent() organisation: OrganisationModel,
    @CurrentUser() user: AuthUser | undefined,
    @Context() ctx: GraphqlContext,
  ) {
    // One membership query for a whole list of organisations, not one each.
    const memberships = perRequest(
      ctx.req,
      MEMBERSHIPS,
      () => new DataLoader<string, boolean>((ids) => this.network.membersOf(user, ids)),
    );
    return this.network.permissions(user, organisation, (id) => memberships.load(id));
  }
}

const ORGANISATION_NAMES = Symbol('organisation names of people');

/**
 * Which organisations a person belongs to, so that two people of the same name can be told apart
 * (the mention list, pickers). Membership is shown to signed-in people only (as `organisationMembers`
 * is), so a guest gets an empty list.
 */
@Resolver(() => PersonModel)
export class PersonOrganisationsResolver {
  constructor(private readonly network: NetworkService) {}

  @ResolveField(() => [String], {
    description: "Names of the person's organisations, alphabetically; empty for guests.",
  })
  organisations(
    @Parent() person: PersonModel,
    @CurrentUser() user: AuthUser | undefined,
    @Context() ctx: GraphqlContext,
  ): Promise<string[]> | string[] {
    if (!user) return [];
    const loader = perRequest(
      ctx.req,
      ORGANISATION_NAMES,
      () => new DataLoader<string, string[]>((ids) => this.network.organisationNamesOf(ids)),
    );
    return loader.load(person.id);
  }
}
