/**
 * The demo's layout: usable at phone width, and the screenshot the README shows.
 *
 * The screenshots are taken on every run (into test-results); `UPDATE_DEMO_SCREENSHOT=1` also
 * writes them to docs/demo.png and docs/demo-sequence.png, the committed files:
 *   UPDATE_DEMO_SCREENSHOT=1 npx playwright test e2e/demo/layout.spec.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page, TestInfo } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { expect, flows, inspectorList, openDemo, redirectLogin, regions, requestRow, test, waitReady } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

const SCREENSHOT_WIDTH = 1440

/** How far the page is wider than the viewport (0 when nothing sticks out sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('nothing sticks out sideways, and a login works', async ({ page, origin }) => {
    await openDemo(page, origin)
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    // One column: the RP first, then the timeline, then the inspector.
    const [rp, inspector, timeline] = await Promise.all(Object.values(regions(page)).map((region) => region.boundingBox()))
    expect(rp!.y).toBeLessThan(timeline!.y)
    expect(timeline!.y).toBeLessThan(inspector!.y)
    expect(rp!.width).toBeLessThanOrEqual(390)

    await redirectLogin(page, 'Bob Builder', 'bob')
    await page.getByRole('button', { name: 'Call UserInfo' }).click()
    await expect(regions(page).rp.getByRole('region', { name: 'UserInfo response' })).toContainText('HTTP 200')
    await expect(flows(page)).toHaveCount(1)
    await expect(inspectorList(page, 'Codes and tokens')).toHaveCount(3)
    // Long tokens, ids and URLs wrap.
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    await regions(page).inspector.getByRole('button', { name: 'Edit claims of Bob Builder' }).click()
    const dialog = page.getByRole('dialog', { name: 'Claims of Bob Builder' })
    const box = await dialog.boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(390)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toBeHidden()
  })
})

test.describe('at desktop width', () => {
  test.use({ viewport: { width: SCREENSHOT_WIDTH, height: 1000 }, deviceScaleFactor: 1 })

  test('the README screenshots: logged in and refreshed; then the sequence diagram of a login, a refresh and a logout', async ({ page, origin }, testInfo) => {
    await openDemo(page, origin)
    // Three columns side by side.
    const boxes = await Promise.all(Object.values(regions(page)).map((region) => region.boundingBox()))
    expect(new Set(boxes.map((box) => Math.round(box!.y))).size).toBe(1)
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    await redirectLogin(page, 'Bob Builder', 'bob')
    await page.getByRole('button', { name: 'Call UserInfo' }).click()
    await expect(regions(page).rp.getByRole('region', { name: 'UserInfo response' })).toContainText('HTTP 200')
    await expect(regions(page).rp.getByRole('region', { name: 'ID token' }).getByText('Signature verified')).toBeVisible()
    await page.getByRole('button', { name: 'Refresh tokens' }).click()
    await expect(flows(page).getByRole('heading')).toHaveText(['Login', 'Refresh'])
    await expect(inspectorList(page, 'Codes and tokens').filter({ hasText: 'held by this page' })).toHaveCount(2)
    await expect(inspectorList(page, 'Codes and tokens').filter({ hasText: 'rotated' })).toHaveCount(1)
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    await shoot(page, testInfo, 'demo.png', () => page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }))

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(`${origin}/`)
    await waitReady(page)
    await expect(flows(page).getByRole('heading')).toHaveText(['Login', 'Refresh', 'Logout'])
    // One step opened, as a reader would: the authorization request and what it sent.
    await requestRow(flows(page).first(), 'GET', 'authorization').locator('summary').click()
    await shoot(page, testInfo, 'demo-sequence.png', () => regions(page).timeline.screenshot({ animations: 'disabled', caret: 'hide' }))
  })
})

/**
 * Takes a screenshot (attached to the report; written to docs/ with UPDATE_DEMO_SCREENSHOT=1) and
 * checks the committed one is a PNG this test made.
 */
async function shoot(page: Page, testInfo: TestInfo, name: string, take: () => Promise<Buffer>): Promise<void> {
  await page.mouse.move(0, 0) // no hover outline on the last button clicked
  const shot = await take()
  await testInfo.attach(name, { body: shot, contentType: 'image/png' })
  const committed = fileURLToPath(new URL(`../../docs/${name}`, import.meta.url))
  if (process.env.UPDATE_DEMO_SCREENSHOT) writeFileSync(committed, shot)
  const png = readFileSync(committed)
  expect(png.subarray(1, 4).toString()).toBe('PNG')
  expect(png.readUInt32BE(16)).toBe(shot.readUInt32BE(16)) // as wide as this run's
}
