export * from './claims';
export * from './policy';
export * from './token-verifier';
