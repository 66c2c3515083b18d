/** Node module hooks: `msw` and `msw/*` resolve to the `msw3` alias (msw@3), everywhere. */
export async function resolve(specifier, context, next) {
  if (specifier === 'msw' || specifier.startsWith('msw/')) return next(specifier.replace(/^msw/, 'msw3'), context)
  return next(specifier, context)
}
