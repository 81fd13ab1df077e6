import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdPipe, type GraphqlContext } from '@ashar/transport';
import { Allow } from './access.decorator';
import { AccountsService, toUserModel } from './accounts.service';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordInput } from './dto/change-password.input';
import { LoginInput } from './dto/login.input';
import { PeopleArgs } from './dto/people.args';
import { RoleGrantInput } from './dto/role-grant.input';
import { SuspendAccountInput } from './dto/suspend-account.input';
import { UpdateProfileInput } from './dto/update-profile.input';
import { AuthPayload, UserModel } from './dto/user.model';
import { Role } from './role';

@Resolver(() => UserModel)
export class AccountsResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Allow('GUEST')
  @Mutation(() => AuthPayload)
  login(@Args('input') input: LoginInput, @Context() context: GraphqlContext): Promise<AuthPayload> {
    return this.accounts.login(input, context.req.ip ?? 'unknown');
  }

  @Allow('GUEST')
  @Query(() => UserModel, { nullable: true, description: 'The signed-in user, or null for guests.' })
  me(@CurrentUser() user: AuthUser | undefined): UserModel | null {
    return user ? toUserModel(user) : null;
  }

  @Allow('USER')
  @Mutation(() => UserModel)
  updateProfile(@CurrentUser() user: AuthUser, @Args('input') input: UpdateProfileInput): Promise<UserModel> {
    return this.accounts.updateProfile(user, input);
  }

  @Allow('USER')
  @Mutation(() => AuthPayload, {
    description: "Changes the caller's password; every other token of theirs stops working.",
  })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Args('input') input: ChangePasswordInput,
    @Context() context: GraphqlContext,
  ): Promise<AuthPayload> {
    return this.accounts.changePassword(user, input, context.req.ip ?? 'unknown');
  }

  @Allow('USER')
  @Mutation(() => Boolean, {
    description: "Makes every token of the caller's stop working, this one included; open sockets close.",
  })
  signOutEverywhere(@CurrentUser() user: AuthUser): Promise<boolean> {
    return this.accounts.signOutEverywhere(user);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Query(() => UserModel)
  user(@Args('id', { type: () => ID }, IdPipe) id: string): Promise<UserModel> {
    return this.accounts.userModel(id);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Query(() => [UserModel], {
    description:
      'Accounts whose e-mail address or name contains `search`, the one using exactly that address first, ' +
      'then by name: for granting and revoking roles.',
  })
  people(@Args() args: PeopleArgs): Promise<UserModel[]> {
    return this.accounts.people(args.search, args.first);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Mutation(() => UserModel)
  grantRole(@CurrentUser() user: AuthUser, @Args('input') input: RoleGrantInput): Promise<UserModel> {
    return this.accounts.grantRole(user, input);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Mutation(() => UserModel, {
    description:
      'Suspends an account: it cannot sign in, its tokens stop working and its sockets close; what it ' +
      "wrote stays. Nobody suspends their own or an admin's; only admins suspend a steering-group member.",
  })
  suspendAccount(
    @CurrentUser() user: AuthUser,
    @Args('input') input: SuspendAccountInput,
  ): Promise<UserModel> {
    return this.accounts.suspendAccount(user, input);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Mutation(() => UserModel, {
    description:
      'Lifts a suspension: the person can sign in again. Only admins restore an admin or a steering-group member.',
  })
  restoreAccount(
    @CurrentUser() user: AuthUser,
    @Args('userId', { type: () => ID }, IdPipe) userId: string,
  ): Promise<UserModel> {
    return this.accounts.restoreAccount(user, userId);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP)
  @Mutation(() => UserModel)
  revokeRole(@CurrentUser() user: AuthUser, @Args('input') input: RoleGrantInput): Promise<UserModel> {
    return this.accounts.revokeRole(user, input);
  }
}
