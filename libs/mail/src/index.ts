export * from './mail-message';
export * from './mail-queue';
export * from './mail.module';
export * from './mailer';
