import { Module } from '@nestjs/common';
import { MailQueue } from './mail-queue';
import { Mailer } from './mailer';

/** Provides the MailQueue (and the Mailer it sends through); import it wherever e-mail is sent. */
@Module({ providers: [Mailer, MailQueue], exports: [MailQueue] })
export class MailModule {}
