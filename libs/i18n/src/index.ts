export * from './locales';
export * from './translator';
export * from './translations';
