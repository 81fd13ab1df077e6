import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '@ashar/transport';
import { Allow } from './access.decorator';
import { RequestPasswordResetArgs, ResetPasswordArgs } from './dto/password-reset.args';
import { AuthPayload } from './dto/user.model';
import { PasswordResetService } from './password-reset.service';

@Resolver()
export class PasswordResetResolver {
  constructor(private readonly resets: PasswordResetService) {}

  @Allow('GUEST')
  @Mutation(() => Boolean, {
    description:
      'E-mails a link to choose a new password to the account with this address, if there is one. ' +
      'Always true, account or not.',
  })
  requestPasswordReset(
    @Args() args: RequestPasswordResetArgs,
    @Context() context: GraphqlContext,
  ): Promise<boolean> {
    return this.resets.request(args.email, context.req.ip ?? 'unknown');
  }

  @Allow('GUEST')
  @Mutation(() => AuthPayload, {
    description:
      "Sets a new password with the token of a reset link, used once; every other token of the person's " +
      'stops working, and the answer signs them in.',
  })
  resetPassword(@Args() args: ResetPasswordArgs): Promise<AuthPayload> {
    return this.resets.reset(args.token, args.newPassword);
  }
}
