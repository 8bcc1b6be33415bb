// axe-core in a playwright-core page: inject the engine, run it, keep the
// violations that fail the suite (serious and critical) apart from the rest.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface Finding {
  id: string
  impact: string
  help: string
  targets: string[]
}

export interface Scan {
  failing: Finding[] // serious or critical
  other: Finding[] // minor or moderate: reported, not failing
  passes: number
}

export async function scan(page: Page): Promise<Scan> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const r = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe
    const res = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    return {
      passes: res.passes.length as number,
      violations: (res.violations as any[]).map((v) => ({
        id: v.id, impact: v.impact ?? 'unknown', help: v.help,
        targets: (v.nodes as any[]).slice(0, 5).map((n) => `${(n.target as string[]).join(' ')} ${n.failureSummary ? `— ${String(n.failureSummary).split('\n').slice(1, 2).join(' ').trim()}` : ''}`),
      })),
    }
  })
  const failing = r.violations.filter((v: Finding) => v.impact === 'serious' || v.impact === 'critical')
  const other = r.violations.filter((v: Finding) => !failing.includes(v))
  return { failing, other, passes: r.passes }
}

export const describeFindings = (fs: Finding[]): string =>
  fs.map((f) => `${f.impact} ${f.id}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n')
