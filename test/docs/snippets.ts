/**
 * The docs' runnable snippets. A fenced code block right after an HTML comment
 * `<!-- tested: test/docs/<runner>.ts -->` is run by that runner, which reads the block from the
 * Markdown file itself (test/package/pack.test.ts runs them against the packed package), so the
 * text a reader copies and the text that is tested cannot drift apart.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One marked snippet: the document, the runner it names (a path from the repository root) and its code. */
export interface MarkedSnippet {
  doc: string
  runner: string
  code: string
}

/** README.md and every docs/*.md, relative to `root`. */
export function documents(root: string): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
}

/** Every snippet marked in `doc` (a path relative to `root`); a marker not followed by a fenced block throws. */
export function markedSnippets(root: string, doc: string): MarkedSnippet[] {
  const text = readFileSync(join(root, doc), 'utf8')
  const snippets: MarkedSnippet[] = []
  for (const marker of text.matchAll(/<!-- tested: (\S+) -->\n/g)) {
    const rest = text.slice(marker.index + marker[0].length)
    const block = /^(`{3,})[^\n]*\n([\s\S]*?)\n\1\n/.exec(rest)
    if (!block) throw new Error(`${doc}: the marker for ${marker[1]} is not followed by a fenced code block`)
    snippets.push({ doc, runner: marker[1]!, code: block[2]! })
  }
  return snippets
}

/** Every marked snippet of the docs. */
export function allMarkedSnippets(root: string): MarkedSnippet[] {
  return documents(root).flatMap((doc) => markedSnippets(root, doc))
}
