export * from './graphql-api.module';
export * from './input-validation.pipe';
export * from './pagination';
export * from './request-context';
export * from './error-translation.plugin';
export * from './http-error.filter';
export * from './id.pipe';
export * from './rate-counter';
