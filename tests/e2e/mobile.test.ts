// Donors are mostly on phones: pages must fit a phone screen with no sideways scrolling.
import { SEEDED, expect, test } from './fixtures.ts'

for (const path of ['/', `/campaigns/${SEEDED.featured}`, '/about']) {
  test(`${path} fits a phone screen`, async ({ page }) => {
    await page.goto(path)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    const donate = page.getByRole(path === '/' ? 'link' : 'button', { name: /^Donate/ }).first()
    if (path !== '/about') {
      const box = await donate.boundingBox()
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44)
    }
  })
}
