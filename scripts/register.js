/**
 * Runs the project's TypeScript scripts and examples without a compile step:
 * `node -r ./scripts/register.js scripts/synth-examples.ts`.
 *
 * esbuild strips the types of each .ts file as it is required (CommonJS, like tsconfig.dev.json),
 * about 10x faster than ts-node; the output is cached by content hash in node_modules/.cache, and
 * Node.js caches compiled code (module.enableCompileCache), which keeps a warm `npm run synth`
 * within 3 s. Nothing here type-checks: the `typecheck` task in `npm test` runs `tsc --noEmit` over
 * src, test, examples and scripts.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'register-ts');
const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node22', sourcemap: 'inline' };
// A new esbuild or new options make new cache keys.
const SALT = JSON.stringify([require('esbuild/package.json').version, OPTIONS]);
let esbuild;

if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache(path.join(cacheDir, 'v8'));

// Packages that ship ESM only with no `require` export condition (e.g. @octokit/webhooks-methods)
// resolve to the file jest maps them to: one list, package.json's jest.moduleNameMapper.
const rootDir = path.join(__dirname, '..');
const mapped = Object.entries(require(path.join(rootDir, 'package.json')).jest?.moduleNameMapper ?? {})
  .map(([pattern, target]) => [new RegExp(pattern), target.replace('<rootDir>', rootDir)]);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveMapped(request, ...rest) {
  const hit = mapped.find(([pattern]) => pattern.test(request));
  return resolveFilename.call(this, hit ? request.replace(hit[0], hit[1]) : request, ...rest);
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(SALT).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    esbuild = esbuild || require('esbuild');
    code = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename }).code;
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  module._compile(code, filename);
};
