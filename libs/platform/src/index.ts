export * from './config';
export * from './logger';
export * from './metrics';
export * from './platform.module';
export * from './readiness';
export * from './tokens';
export * from './lifecycle';
