// Resolves the workspace's `@ashar/<lib>` imports to the compiled libraries under dist/, the way
// tsconfig paths do for TypeScript. Loaded with `node -r ./tools/dist-paths.cjs`.
const Module = require('node:module');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveAshar(request, ...rest) {
  const match = /^@ashar\/([\w-]+)(?:\/(testing))?$/.exec(request);
  if (match) {
    const file = path.join(dist, 'libs', match[1], 'src', match[2] ? `${match[2]}/index.js` : 'index.js');
    return original.call(this, file, ...rest);
  }
  return original.call(this, request, ...rest);
};
