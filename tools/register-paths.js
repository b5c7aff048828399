// Resolves the @rivet/* library aliases to the compiled libraries in dist/,
// so a built service runs with plain `node`.
'use strict';
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const base = require('../tsconfig.base.json');

const paths = Object.fromEntries(
  Object.entries(base.compilerOptions.paths).map(([alias, [target]]) => [
    alias,
    [target.replace(/\.ts$/, '')],
  ]),
);
tsconfigPaths.register({ baseUrl: path.resolve(__dirname, '../dist'), paths });
