/**
 * Mounts every donor-facing route a second time under each other language's prefix
 * (`/ko/campaigns/:slug` runs the same route module as `/campaigns/:slug`). Used by
 * remix.config.js with app/i18n/locales.json, so a new language needs no route files.
 * Plain JavaScript: the Remix config loads it before any TypeScript is compiled.
 */
import { readFileSync } from 'node:fs'

/** Route files donors see. Staff (admin+), development pages and uploads stay unprefixed. */
export const LOCALIZED_ROUTE_FILES = [
  /^routes\/_index\.tsx$/,
  /^routes\/\$\.tsx$/,
  /^routes\/(about|privacy)\.tsx$/,
  /^routes\/(campaigns|donate|account|email|embed)\+\//,
]

export function readLocales(file = new URL('./locales.json', import.meta.url)) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

/**
 * @param {Record<string, {id: string, parentId?: string, path?: string, index?: boolean, file: string}>} manifest
 * @param {ReadonlyArray<{code: string}>} locales the first is the default and gets no prefix
 */
export function withLocaleRoutes(manifest, locales = readLocales()) {
  const result = { ...manifest }
  for (const { code } of locales.slice(1)) {
    for (const route of Object.values(manifest)) {
      if (route.parentId !== 'root') continue
      if (!LOCALIZED_ROUTE_FILES.some((pattern) => pattern.test(route.file))) continue
      const id = `locale-${code}/${route.id}`
      result[id] = { ...route, id, path: route.path ? `${code}/${route.path}` : code }
    }
  }
  return result
}
