/**
 * Every exported symbol of the library carries JSDoc of its own, so an editor shows it on hover and
 * TypeDoc documents it (issue 8). Re-exports (`export { x } from`) are documented where declared.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [path] : []
  })
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
}

function hasJsDoc(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).length > 0
}

/** `file:line name` for each exported declaration without JSDoc. */
function undocumented(path: string): string[] {
  const text = readFileSync(path, 'utf8')
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true)
  const missing: string[] = []
  const where = (node: ts.Node, name: string) =>
    `${relative(SRC, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${name}`
  for (const statement of file.statements) {
    if (!isExported(statement)) continue
    if (ts.isVariableStatement(statement)) {
      if (!hasJsDoc(statement)) {
        for (const declaration of statement.declarationList.declarations) missing.push(where(statement, declaration.name.getText(file)))
      }
      continue
    }
    const named = statement as ts.Node & { name?: ts.Node }
    if (!hasJsDoc(statement)) missing.push(where(statement, named.name?.getText(file) ?? 'default'))
  }
  return missing
}

describe('source documentation', () => {
  it('every exported declaration in src/ has JSDoc of its own', () => {
    const missing = sourceFiles(SRC).flatMap(undocumented)
    expect(missing).toEqual([])
  })

  it('no source file in src/ is over 320 lines', () => {
    const long = sourceFiles(SRC)
      .map((path) => ({ path: relative(SRC, path), lines: readFileSync(path, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 320)
    expect(long).toEqual([])
  })
})
