/**
 * `npm test` (and so `.ci/run`): checks format, lint and types, builds the production bundle,
 * runs every Vitest test (unit and integration on real PostgreSQL, including the migration
 * drift check), then every Playwright test against the production build, and ends with one
 * summary line: "Tests: N passed, N failed, N skipped". A failed check is reported as a Problem
 * and fails the run, but the tests still run so their results are not hidden behind it.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'

type Totals = { passed: number; failed: number; skipped: number }

function run(command: string, args: string[]): number {
  process.stdout.write(`\n$ ${command} ${args.join(' ')}\n`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  return result.status ?? 1
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    return null
  }
}

rmSync('test-results', { recursive: true, force: true })
const totals: Totals = { passed: 0, failed: 0, skipped: 0 }
const problems: string[] = []

for (const check of ['format:check', 'lint', 'typecheck']) {
  const code = run('npm', ['run', '--silent', check])
  if (code !== 0) problems.push(`${check} failed (npm run ${check} exited with ${code})`)
}

const built = run('npm', ['run', 'build']) === 0
if (!built) problems.push('build failed')

if (built) {
  const code = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ])
  const report = readJson<{
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
  }>('test-results/vitest.json')
  if (!report) problems.push('vitest wrote no report')
  else {
    totals.passed += report.numPassedTests
    totals.failed += report.numFailedTests
    totals.skipped += report.numPendingTests + report.numTodoTests
  }
  if (code !== 0) problems.push(`vitest exited with ${code}`)

  const e2eCode = run('npx', ['playwright', 'test'])
  const e2e = readJson<{
    stats: { expected: number; unexpected: number; flaky: number; skipped: number }
  }>('test-results/playwright.json')
  if (!e2e) problems.push('playwright wrote no report')
  else {
    totals.passed += e2e.stats.expected
    totals.failed += e2e.stats.unexpected + e2e.stats.flaky
    totals.skipped += e2e.stats.skipped
  }
  if (e2eCode !== 0) problems.push(`playwright exited with ${e2eCode}`)
}

if (totals.passed === 0) problems.push('no test ran')
for (const problem of problems) process.stdout.write(`\nProblem: ${problem}\n`)
process.stdout.write(
  `\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
)
process.exit(problems.length > 0 || totals.failed > 0 || totals.skipped > 0 ? 1 : 0)
