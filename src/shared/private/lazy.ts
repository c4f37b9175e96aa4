/**
 * An object whose properties are computed when first read: the first read of `p` calls
 * `loaders.p()` and replaces the getter with the value, so every later read is a plain property
 * read. (aws-cdk-lib's lazy exports do the same; a getter left in place costs every access,
 * aws/aws-cdk#35335.) A loader that throws is tried again on the next read.
 */
export function lazily<T extends Record<string, () => unknown>>(loaders: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const values = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(loaders) as Array<keyof T>) {
    Object.defineProperty(values, key, {
      configurable: true,
      enumerable: true,
      get: () => {
        const value = loaders[key]();
        Object.defineProperty(values, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return values;
}
