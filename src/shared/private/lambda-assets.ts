import * as path from 'path';

/**
 * Every Lambda handler of the library: `src/**\/lambda/<name>/<name>.lambda.ts`, bundled by
 * scripts/bundle-lambdas.ts into `assets/<name>.lambda/index.js` and packed into the deployment zip
 * `assets/<name>.lambda.zip` (both published with the package).
 * A test keeps this list and the entry files in step.
 */
export const LAMBDA_HANDLERS = ['webhook', 'launcher', 'reaper', 'redeliver'] as const;
export type LambdaHandler = (typeof LAMBDA_HANDLERS)[number];

/** Where the bundles are: `<package root>/assets` (this file is `src|lib/shared/private/`). */
export const ASSETS_DIR = path.join(__dirname, '..', '..', '..', 'assets');

export function handlerAssetDir(handler: LambdaHandler): string {
  return path.join(ASSETS_DIR, `${handler}.lambda`);
}
