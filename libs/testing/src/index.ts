export * from './env';
export * from './schema';
export * from './service-process';
export * from './wait-for';
export * from './platform';
export * from './oracle-hr';
