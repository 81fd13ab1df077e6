export * from './mail-files';
export * from './smtp-inbox';
