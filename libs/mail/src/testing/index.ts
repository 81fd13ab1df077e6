export * from './smtp-inbox';
