/**
 * The path to call on an app, `/api/<non-empty segments joined by "/">`, each `:name` in them replaced by
 * its parameter, encoded. Throws on a parameter the caller did not give: a path must never
 * go out with `:name` or `undefined` in it.
 */
export function appPath(segments: string[], params: Record<string, string> = {}): string {
  const filled = segments.filter((segment) => segment !== '').join('/').replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${segments.join('/')}`);
    return encodeURIComponent(value);
  });
  return `/api/${filled}`;
}
