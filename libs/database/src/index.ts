export * from './cursor';
export * from './data-source';
export * from './database.module';
export * from './tenant-tx';
