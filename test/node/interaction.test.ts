/**
 * The OP's own login and consent pages (interaction modes 'login' and 'prompt'), driven as a browser
 * would with plain fetch and form POSTs; and the cookie-bound login session.
 */
import { beforeEach, describe, expect, test } from 'vitest'
import type { Server } from '../../src/index.js'
import {
  authorize,
  authParams,
  claimsOf,
  createOp,
  expectErrorPage,
  expectNothingStored,
  formAction,
  ISSUER,
  postForm,
  readAuthorizationResponse,
  redeem,
  REDIRECT_URI,
  stored,
  useMsw,
  userinfo,
  WEB,
  type AuthorizeResult,
  type FormInput,
  type Tokens,
} from './_helpers.js'

const loginOp = createOp({ interaction: 'login' })
const promptOp = createOp({ issuer: 'https://prompt.example.test', interaction: 'prompt' })
const cookieOp = createOp({ issuer: 'https://cookie.example.test', interaction: 'login', sessionBinding: 'cookie' })
useMsw(loginOp, promptOp, cookieOp)

/** Starts an authorization that must lead to a page of the OP; returns the page URL. */
async function startInteraction(op: Server, extra: FormInput = {}, headers?: Record<string, string>): Promise<string> {
  const result = await authorize(op, authParams(WEB, { state: 'st-i', ...extra }), headers ? { headers } : {})
  expect(result.status).toBe(303)
  const url = result.location!.href
  expect(url).toMatch(new RegExp(`^${op.issuer}/interaction/[A-Za-z0-9_-]+$`))
  return url
}

async function showPage(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/html/)
  expect(response.headers.get('x-frame-options')).toBe('DENY')
  expect(response.headers.get('cache-control')).toBe('no-store')
  const html = await response.text()
  // The form posts back to the page's own URL.
  expect(formAction(html)).toBe(url)
  return html
}

async function submit(url: string, fields: FormInput, headers: Record<string, string> = {}): Promise<AuthorizeResult> {
  return readAuthorizationResponse(await postForm(url, fields, headers))
}

async function tokensFrom(op: Server, result: AuthorizeResult): Promise<Tokens> {
  expect(result.status).toBe(303)
  expect(result.params.get('iss')).toBe(op.issuer)
  const response = await redeem(op, WEB, { code: result.params.get('code')!, state: undefined, redirect_uri: REDIRECT_URI, params: result.params })
  expect(response.status).toBe(200)
  return (await response.json()) as Tokens
}

describe("interaction: 'login'", () => {
  beforeEach(() => {
    loginOp.reset()
    loginOp.clock.reset()
  })

  test('the login page lists the users, names the client, and a POST logs the chosen one in', async () => {
    const url = await startInteraction(loginOp, { login_hint: 'bob' })
    const html = await showPage(url)
    expect(html).toContain('Web App')
    expect(html).toMatch(/<input type="radio" name="sub" value="alice"/)
    expect(html).toMatch(/<input type="radio" name="sub" value="bob"[^>]*checked/)
    const result = await submit(url, { sub: 'bob', action: 'login' })
    expect(`${result.location!.origin}${result.location!.pathname}`).toBe(REDIRECT_URI)
    expect(result.params.get('state')).toBe('st-i')
    const id = claimsOf((await tokensFrom(loginOp, result)).id_token!)
    expect(id.sub).toBe('bob')
    expect(id.amr).toEqual(['pwd'])
  })

  test('the page URL works once: reused, it is an error page', async () => {
    const url = await startInteraction(loginOp)
    await submit(url, { sub: 'alice', action: 'login' })
    await expectNothingStored(loginOp, async () => {
      await expectErrorPage(await postForm(url, { sub: 'alice', action: 'login' }), 400)
      await expectErrorPage(await fetch(url), 400)
    })
  })

  test('two concurrent submissions of one page: one code, one error page', async () => {
    const url = await startInteraction(loginOp)
    const responses = await Promise.all([postForm(url, { sub: 'alice', action: 'login' }), postForm(url, { sub: 'alice', action: 'login' })])
    expect(responses.map((r) => r.status).sort()).toEqual([303, 400])
    expect(Object.keys(stored(loginOp).codes)).toHaveLength(1)
  })

  test('an unknown or expired page is an error page', async () => {
    await expectErrorPage(await fetch(`${ISSUER}/interaction/not-a-real-uid`), 400)
    const url = await startInteraction(loginOp)
    loginOp.clock.advance(601)
    await expectNothingStored(loginOp, async () => {
      await expectErrorPage(await fetch(url), 400)
      await expectErrorPage(await postForm(url, { sub: 'alice', action: 'login' }), 400)
    })
  })

  test('a POST with no, an unknown or a repeated action, a repeated sub, or not a form: nothing changes, the page stays usable', async () => {
    const url = await startInteraction(loginOp)
    await expectNothingStored(loginOp, async () => {
      await expectErrorPage(await postForm(url, { sub: 'alice' }), 400)
      await expectErrorPage(await postForm(url, { sub: 'alice', action: 'consent' }), 400)
      await expectErrorPage(await postForm(url, { sub: 'alice', action: ['login', 'cancel'] }), 400)
      await expectErrorPage(await postForm(url, { sub: ['alice', 'bob'], action: 'login' }), 400)
      await expectErrorPage(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"login"}' }), 400)
    })
    expect((await submit(url, { sub: 'alice', action: 'login' })).params.get('code')).toBeTypeOf('string')
  })

  test('Cancel on the login page: access_denied with state and iss, no code or grant', async () => {
    const url = await startInteraction(loginOp)
    const before = stored(loginOp)
    const result = await submit(url, { action: 'cancel' })
    expect(result.status).toBe(303)
    expect(result.params.get('error')).toBe('access_denied')
    expect(result.params.get('state')).toBe('st-i')
    expect(result.params.get('iss')).toBe(ISSUER)
    const after = stored(loginOp)
    expect(after.codes).toEqual(before.codes)
    expect(after.grants).toEqual(before.grants)
    expect(after.sessions).toEqual(before.sessions)
  })

  test('no user chosen: the page again, 400, with the problem; nothing stored', async () => {
    const url = await startInteraction(loginOp)
    await expectNothingStored(loginOp, async () => {
      const response = await postForm(url, { action: 'login' })
      expect(response.status).toBe(400)
      expect(await response.text()).toContain('role="alert"')
    })
  })

  test('log in as a new sub with edited claims: the user is created with them', async () => {
    const url = await startInteraction(loginOp, { scope: 'openid profile email' })
    const claims = JSON.stringify({ name: 'Carol New', email: 'carol@example.net' })
    const tokens = await tokensFrom(loginOp, await submit(url, { other_sub: 'carol', claims, claims_for: 'carol', action: 'login' }))
    expect(claimsOf(tokens.id_token!).sub).toBe('carol')
    expect(await (await userinfo(loginOp, tokens.access_token)).json()).toEqual({ sub: 'carol', name: 'Carol New', email: 'carol@example.net' })
  })

  test('claims that are not a JSON object: the page again with the problem, nothing stored', async () => {
    const url = await startInteraction(loginOp)
    for (const claims of ['{oops', '[1,2]']) {
      await expectNothingStored(loginOp, async () => {
        const response = await postForm(url, { other_sub: 'dave', claims, claims_for: 'dave', action: 'login' })
        expect(response.status).toBe(400)
        expect(await response.text()).toContain('role="alert"')
      })
    }
  })

  test('after a JSON error, the page keeps the user that was chosen (Bob, not the first user)', async () => {
    const url = await startInteraction(loginOp)
    const response = await postForm(url, { sub: 'bob', claims: '{oops', claims_for: 'bob', action: 'login' })
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toMatch(/value="bob" id="user-\d+" checked/)
    expect(html).not.toMatch(/value="alice" id="user-\d+" checked/)
    expect(html).toContain('<input type="hidden" name="claims_for" value="bob">')
  })

  test('the user an id_token_hint names must be the one who logs in', async () => {
    const first = await startInteraction(loginOp)
    const hint = (await tokensFrom(loginOp, await submit(first, { sub: 'alice', action: 'login' }))).id_token!
    const url = await startInteraction(loginOp, { id_token_hint: hint, prompt: 'login' })
    await expectNothingStored(loginOp, async () => {
      const response = await postForm(url, { sub: 'bob', action: 'login' })
      expect(response.status).toBe(400)
      expect(await response.text()).toContain('asked for user')
    })
    expect(claimsOf((await tokensFrom(loginOp, await submit(url, { sub: 'alice', action: 'login' }))).id_token!).sub).toBe('alice')
  })

  test('after a login: SSO for the same scopes, a consent page for new ones, prompt=none answers accordingly', async () => {
    await submit(await startInteraction(loginOp), { sub: 'alice', action: 'login' })
    const again = await authorize(loginOp, authParams(WEB))
    expect(again.status).toBe(302)
    expect(again.params.get('code')).toBeTypeOf('string')

    const none = await authorize(loginOp, authParams(WEB, { prompt: 'none', scope: 'openid email', state: 'st-c' }))
    expect(none.params.get('error')).toBe('consent_required')
    expect(none.params.get('state')).toBe('st-c')

    const consentUrl = await startInteraction(loginOp, { scope: 'openid email' })
    const html = await showPage(consentUrl)
    expect(html).toContain('Allow access?')
    expect(html).toContain('<code>email</code>')
    expect(html).toContain('Alice Example')
    const tokens = await tokensFrom(loginOp, await submit(consentUrl, { action: 'consent' }))
    expect(tokens.scope.split(' ')).toContain('email')
    expect((await authorize(loginOp, authParams(WEB, { prompt: 'none', scope: 'openid email' }))).params.get('code')).toBeTypeOf('string')
  })

  test('Deny on the consent page: access_denied, no code', async () => {
    await submit(await startInteraction(loginOp), { sub: 'alice', action: 'login' })
    const url = await startInteraction(loginOp, { scope: 'openid phone' })
    const codes = stored(loginOp).codes
    const result = await submit(url, { action: 'cancel' })
    expect(result.params.get('error')).toBe('access_denied')
    expect(result.params.get('iss')).toBe(ISSUER)
    expect(stored(loginOp).codes).toEqual(codes)
  })

  test('prompt=login shows the login page again; prompt=consent the consent page', async () => {
    await submit(await startInteraction(loginOp), { sub: 'alice', action: 'login' })
    expect(await showPage(await startInteraction(loginOp, { prompt: 'login' }))).toContain('Log in')
    expect(await showPage(await startInteraction(loginOp, { prompt: 'consent' }))).toContain('Allow access?')
  })

  test('max_age passed: the login page again', async () => {
    await submit(await startInteraction(loginOp), { sub: 'alice', action: 'login' })
    loginOp.clock.advance(120)
    expect(await showPage(await startInteraction(loginOp, { max_age: '60' }))).toContain('Log in')
  })

  test('prompt=none before any login: login_required', async () => {
    const result = await authorize(loginOp, authParams(WEB, { prompt: 'none' }))
    expect(result.params.get('error')).toBe('login_required')
  })

  test('with the interaction endpoint disabled: interaction_required, redirected', async () => {
    const noPages = createOp({ issuer: 'https://nopages.example.test', interaction: 'login', endpoints: { interaction: { enabled: false } } })
    const result = await noPages.handle(new Request(`https://nopages.example.test/authorize?${new URLSearchParams(authParams(WEB, { state: 's' }) as Record<string, string>)}`))
    const params = new URL(result.headers.get('location')!).searchParams
    expect(params.get('error')).toBe('interaction_required')
    expect(params.get('state')).toBe('s')
  })
})

describe("interaction: 'prompt'", () => {
  beforeEach(() => promptOp.reset())

  test('without prompt the login is automatic', async () => {
    const result = await authorize(promptOp, authParams(WEB))
    expect(result.status).toBe(302)
    expect(result.params.get('code')).toBeTypeOf('string')
  })

  test('prompt=login shows the login page, prompt=select_account the account chooser; prompt=consent the consent page', async () => {
    await authorize(promptOp, authParams(WEB))
    const login = await startInteraction(promptOp, { prompt: 'login' })
    expect(await showPage(login)).toContain('Log in')
    const tokens = await tokensFrom(promptOp, await submit(login, { sub: 'bob', action: 'login' }))
    expect(claimsOf(tokens.id_token!).sub).toBe('bob')
    expect(await showPage(await startInteraction(promptOp, { prompt: 'select_account' }))).toContain('Choose an account')
    const consent = await startInteraction(promptOp, { prompt: 'consent' })
    expect(await showPage(consent)).toContain('Allow access?')
    expect((await submit(consent, { action: 'consent' })).params.get('code')).toBeTypeOf('string')
  })
})

describe("sessionBinding: 'cookie'", () => {
  beforeEach(() => cookieOp.reset())

  test('the login sets an HttpOnly, Secure session cookie; with it the next request is SSO, without it a login page', async () => {
    const url = await startInteraction(cookieOp)
    const response = await postForm(url, { sub: 'alice', action: 'login' })
    expect(response.status).toBe(303)
    const setCookie = response.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^op_session=[^;]+;/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/Secure/)
    const cookie = setCookie.split(';')[0]!

    const sso = await authorize(cookieOp, authParams(WEB), { headers: { cookie } })
    expect(sso.status).toBe(302)
    expect(sso.params.get('code')).toBeTypeOf('string')
    await startInteraction(cookieOp, {}, {})
    expect((await authorize(cookieOp, authParams(WEB, { prompt: 'none' }))).params.get('error')).toBe('login_required')
    expect((await authorize(cookieOp, authParams(WEB, { prompt: 'none' }), { headers: { cookie: 'op_session=forged' } })).params.get('error')).toBe('login_required')
  })

  test('logout clears the cookie and ends the session', async () => {
    const response = await postForm(await startInteraction(cookieOp), { sub: 'alice', action: 'login' })
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!
    const logout = await fetch(`${cookieOp.issuer}/logout`, { headers: { cookie } })
    // Without an id_token_hint the OP asks first.
    const html = await logout.text()
    expect(html).toContain('Log out?')
    const confirmed = await postForm(`${cookieOp.issuer}/logout`, { action: 'logout' }, { cookie })
    expect(confirmed.status).toBe(200)
    expect(confirmed.headers.get('set-cookie')).toMatch(/^op_session=;.*Max-Age=0/)
    expect((await authorize(cookieOp, authParams(WEB, { prompt: 'none' }), { headers: { cookie } })).params.get('error')).toBe('login_required')
  })
})
