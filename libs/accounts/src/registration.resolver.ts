import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Locale } from '@ashar/i18n';
import { RequestLocale, type GraphqlContext } from '@ashar/transport';
import { Allow } from './access.decorator';
import { ConfirmRegistrationArgs } from './dto/registration.args';
import { RegisterInput } from './dto/register.input';
import { AuthPayload } from './dto/user.model';
import { RegistrationService } from './registration.service';

@Resolver()
export class RegistrationResolver {
  constructor(private readonly registrations: RegistrationService) {}

  @Allow('GUEST')
  @Mutation(() => Boolean, {
    description:
      'Signs up: e-mails the address a link that creates the account (`confirmRegistration`), or, when ' +
      'the address already has an account, a note saying so to its owner. Always true, either way.',
  })
  register(
    @Args('input') input: RegisterInput,
    @RequestLocale() locale: Locale,
    @Context() context: GraphqlContext,
  ): Promise<boolean> {
    return this.registrations.register(input, locale, context.req.ip ?? 'unknown');
  }

  @Allow('GUEST')
  @Mutation(() => AuthPayload, {
    description:
      'Creates the account with the token of a sign-up link, used once; the answer signs its owner in.',
  })
  confirmRegistration(@Args() args: ConfirmRegistrationArgs): Promise<AuthPayload> {
    return this.registrations.confirm(args.token);
  }
}
