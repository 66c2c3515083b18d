/**
 * Node module hooks: `msw` and `msw/*` resolve to the `msw3` alias (msw@3), everywhere, from
 * compat/node_modules (compat/package.json, installed by `npm run test:msw3`): dist/ imports `msw`
 * from outside this folder.
 */
export async function resolve(specifier, context, next) {
  if (specifier === 'msw' || specifier.startsWith('msw/')) return next(specifier.replace(/^msw/, 'msw3'), { ...context, parentURL: import.meta.url })
  return next(specifier, context)
}
