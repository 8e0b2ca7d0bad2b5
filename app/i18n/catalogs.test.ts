// Every language has every message, with the same placeholders, and every id the code uses
// exists: a missing translation fails here, not in front of a donor.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, test } from 'vitest'
import { readCatalog } from './catalogs.server.ts'
import { DEFAULT_LOCALE, LOCALES } from './locale.ts'

const english = readCatalog(DEFAULT_LOCALE.code)

/** The argument names and rich-text tags a message uses, sorted. */
function placeholders(message: string): string[] {
  const names = new Set<string>()
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue
      names.add(element.type === TYPE.tag ? `<${element.value}>` : element.value)
      if (element.type === TYPE.tag) walk(element.children)
      if (element.type === TYPE.plural || element.type === TYPE.select)
        for (const option of Object.values(element.options)) walk(option.value)
    }
  }
  walk(parse(message))
  return [...names].sort()
}

describe.each(LOCALES.map((locale) => locale.code))('the %s catalog', (code) => {
  const catalog = readCatalog(code)

  test('has exactly the English keys', () => {
    const keys = Object.keys(catalog)
    expect({ missing: Object.keys(english).filter((key) => !(key in catalog)) }).toEqual({
      missing: [],
    })
    expect({ extra: keys.filter((key) => !(key in english)) }).toEqual({ extra: [] })
  })

  test('every message is valid ICU with the English placeholders, and not empty', () => {
    const wrong: string[] = []
    for (const [key, message] of Object.entries(catalog)) {
      if (!message.trim()) wrong.push(`${key}: empty`)
      else if (key in english) {
        const mine = placeholders(message).join(',')
        const theirs = placeholders(english[key] as string).join(',')
        if (mine !== theirs) wrong.push(`${key}: {${mine}} instead of {${theirs}}`)
      }
    }
    expect(wrong).toEqual([])
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (name === 'generated' || name === 'node_modules') return []
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
  })
}

test('every message id in the code is in the English catalog', () => {
  const used = new Map<string, string>()
  for (const file of sourceFiles(path.resolve('app'))) {
    const source = readFileSync(file, 'utf8')
    // formatMessage({ id: 'x' }), <FormattedMessage id="x" />, and msg('x') helpers.
    for (const match of source.matchAll(/\bid[=:]\s*\{?\s*['"]([a-z][\w-]*(?:\.[\w-]+)+)['"]/g))
      used.set(match[1] as string, path.relative(process.cwd(), file))
  }
  expect(used.size).toBeGreaterThan(10)
  const missing = [...used]
    .filter(([id]) => !(id in english))
    .map(([id, file]) => `${id} (${file})`)
  expect(missing).toEqual([])
})
