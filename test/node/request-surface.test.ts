/**
 * The rest of the request surface: `prompt=create` (Initiating User Registration via OpenID
 * Connect 1.0), `ui_locales` on the login page, and `display` (OIDC Core §3.1.2.1).
 */
import { describe, expect, test } from 'vitest'
import { ALICE, authorize, authParams, claimsOf, codeFlow, createOp, expectNothingStored, postForm, readAuthorizationResponse, redeem, REDIRECT_URI, useMsw, userinfo, WEB, type Tokens } from './_helpers.js'

const pagesOp = createOp({ interaction: 'prompt' })
const autoOp = createOp({ issuer: 'https://auto.example.test', users: [{ ...ALICE, 'name#de': 'Alicia Beispiel', 'name#fr-CA': 'Alice Exemple', 'given_name#de': 'Alicia' }] })
useMsw(pagesOp, autoOp)

/** The page an authorization request leads to, and its URL. */
async function pageFor(extra: Record<string, string>): Promise<{ url: string; html: string }> {
  const result = await authorize(pagesOp, authParams(WEB, extra))
  expect(result.status).toBe(303)
  const url = result.location!.href
  return { url, html: await (await fetch(url)).text() }
}

describe('prompt=create', () => {
  test('discovery lists create, the display values and the login page languages', async () => {
    const md = (await (await fetch(`${pagesOp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(md.prompt_values_supported).toContain('create')
    expect(md.display_values_supported).toEqual(['page', 'popup', 'touch', 'wap'])
    expect(md.ui_locales_supported).toEqual(['en', 'de', 'fr'])
  })

  test('the page offers sign-up: a new user is created with its claims and logged in', async () => {
    const { url, html } = await pageFor({ prompt: 'create', scope: 'openid profile' })
    expect(html).toContain('<h1>Create an account</h1>')
    expect(html).not.toContain('name="sub"')
    const answered = await readAuthorizationResponse(await postForm(url, { other_sub: 'carol', claims_for: 'carol', claims: '{"name":"Carol New"}', action: 'login' }))
    const response = await redeem(pagesOp, WEB, { code: answered.params.get('code')!, state: undefined, redirect_uri: REDIRECT_URI, params: answered.params })
    expect(claimsOf(((await response.json()) as Tokens).id_token!).sub).toBe('carol')
    expect(pagesOp.dump().users.find((user) => user.sub === 'carol')).toMatchObject({ name: 'Carol New' })
  })

  test('signing up as an existing user is refused on the page, nothing stored', async () => {
    const { url } = await pageFor({ prompt: 'create' })
    const response = await expectNothingStored(pagesOp, () => postForm(url, { other_sub: 'alice', action: 'login' }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('exists already')
  })

  test('prompt=create with none is invalid_request; without pages it logs in at once', async () => {
    expect((await authorize(pagesOp, authParams(WEB, { prompt: 'none create' }))).params.get('error')).toBe('invalid_request')
    expect((await authorize(autoOp, authParams(WEB, { prompt: 'create' }))).params.get('code')).toBeTruthy()
  })
})

describe('ui_locales and display', () => {
  test('the login page speaks the first of ui_locales it has', async () => {
    const { html } = await pageFor({ prompt: 'login', ui_locales: 'es-MX de-CH en' })
    expect(html).toContain('<html lang="de-CH">')
    expect(html).toContain('<h1>Anmelden</h1>')
    expect(html).toContain('>Weiter</button>')
    const english = await pageFor({ prompt: 'login', ui_locales: 'ja' })
    expect(english.html).toContain('<html lang="en">')
  })

  test.each(['page', 'popup', 'touch', 'wap'])('display=%s is accepted', async (display) => {
    expect((await authorize(autoOp, authParams(WEB, { display }))).params.get('code')).toBeTruthy()
  })

  test('an unknown display is invalid_request, redirected, nothing stored', async () => {
    const result = await expectNothingStored(autoOp, () => authorize(autoOp, authParams(WEB, { display: 'hologram' })))
    expect(result.params.get('error')).toBe('invalid_request')
    expect(result.params.get('code')).toBeNull()
  })
})

describe('claims_locales (OIDC Core §5.2)', () => {
  test('UserInfo and the ID token add the claim in the first of claims_locales the user has it in', async () => {
    const claims = JSON.stringify({ id_token: { name: null } })
    const tokens = await codeFlow(autoOp, WEB, { scope: 'openid profile', claims_locales: 'fr-CA de', claims })
    expect(claimsOf(tokens.id_token!)).toMatchObject({ name: 'Alice Example', 'name#fr-CA': 'Alice Exemple' })
    const info = (await (await userinfo(autoOp, tokens.access_token)).json()) as Record<string, unknown>
    // fr-CA has no given_name: the next locale, de, has.
    expect(info).toMatchObject({ name: 'Alice Example', 'name#fr-CA': 'Alice Exemple', 'given_name#de': 'Alicia' })
    expect(info).not.toHaveProperty('name#de')
  })

  test('without claims_locales no tagged claim is added', async () => {
    const tokens = await codeFlow(autoOp, WEB, { scope: 'openid profile' })
    const info = (await (await userinfo(autoOp, tokens.access_token)).json()) as Record<string, unknown>
    expect(Object.keys(info).filter((name) => name.includes('#'))).toEqual([])
  })
})
