import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** Provides the Mailer; import it wherever e-mail is sent. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
