/**
 * Domain folders under app/modules depend on each other in one direction only: a cycle between
 * folders (finance → payments → finance) means neither can be read, tested or changed alone.
 * This reads every import of every module (tests excluded) and fails on any cycle.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const MODULES = dirname(fileURLToPath(import.meta.url))

/** Folder → the folders its modules import. */
function folderImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>()
  for (const entry of readdirSync(MODULES, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue
    if (/\.test\.tsx?$|test-helper/.test(entry.name)) continue
    const file = join(entry.parentPath, entry.name)
    const from = relative(MODULES, file).split('/')[0]!
    if (from === relative(MODULES, file)) continue
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
      /(?:from|import\(?)\s*'([^']+)'/g,
    )) {
      let target: string
      if (specifier!.startsWith('#app/modules/')) target = specifier!.slice('#app/modules/'.length)
      else if (specifier!.startsWith('.'))
        target = relative(MODULES, resolve(dirname(file), specifier!))
      else continue
      const to = target.split('/')[0]!
      if (to === from || to.startsWith('..')) continue
      if (!edges.has(from)) edges.set(from, new Set())
      edges.get(from)!.add(to)
    }
  }
  return edges
}

/** Folders that reach each other (Tarjan's strongly connected components of two or more). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (folder: string) => {
    index.set(folder, next)
    low.set(folder, next++)
    stack.push(folder)
    for (const to of edges.get(folder) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(folder, Math.min(low.get(folder)!, low.get(to)!))
      } else if (stack.includes(to)) low.set(folder, Math.min(low.get(folder)!, index.get(to)!))
    }
    if (low.get(folder) !== index.get(folder)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      component.push(member)
    } while (member !== folder)
    if (component.length > 1) found.push(component.sort())
  }
  for (const folder of edges.keys()) if (!index.has(folder)) visit(folder)
  return found
}

test('the domain folders import each other without cycles', () => {
  const edges = folderImports()
  expect(edges.get('finance')?.has('ledger')).toBe(true) // the reader sees real imports
  expect(cycles(edges)).toEqual([])
})

test('the cycle check finds a cycle', () => {
  const edges = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ])
  expect(cycles(edges)).toEqual([['a', 'b', 'c']])
})
