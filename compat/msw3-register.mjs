import { register } from 'node:module'

register('./msw3-hooks.mjs', import.meta.url)
