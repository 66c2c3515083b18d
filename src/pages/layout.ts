/** The frame of every page the OP serves itself: plain, accessible, phone-width friendly. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6474;--bg:#f6f7f9;--card:#fff;--line:#d8dce3;--accent:#2357d9;--danger:#b42318}
@media (prefers-color-scheme:dark){:root{--fg:#e8ebf0;--muted:#a3acba;--bg:#12151b;--card:#1b2029;--line:#303846;--accent:#7aa2ff;--danger:#ff8a80}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:var(--card);border:1px solid var(--line);border-radius:12px}
h1{font-size:1.35rem;margin:0 0 .25rem}p{margin:.5rem 0}.muted{color:var(--muted);font-size:.9rem}
fieldset{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.75rem 1rem}legend{padding:0 .25rem;font-weight:600}
label{display:block;margin:.35rem 0}.choice{display:flex;gap:.5rem;align-items:baseline}
input[type=text],textarea{width:100%;font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:6px;background:transparent;color:inherit}
textarea{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;min-height:9rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.25rem}
button{font:inherit;padding:.55rem 1.1rem;border-radius:6px;border:1px solid var(--line);background:transparent;color:inherit;cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
.error{color:var(--danger);border-left:3px solid var(--danger);padding-left:.75rem}
code{font-family:ui-monospace,monospace;font-size:.9em}ul.scopes{padding-left:1.2rem}
@media (max-width:36rem){main{margin:0;border-radius:0;border-width:0 0 1px}}
`

/** A page's title and body. */
export interface PageOptions {
  title: string
  body: string
  /** A script nonce, when the page runs its own inline script. */
  nonce?: string
  /** More of the head (a `<meta http-equiv=refresh>`), as HTML. */
  head?: string
  /** The page's language (BCP 47), from `ui_locales`. Default `en`. */
  lang?: string
}

/** The HTML document around a page's body, with the OP's stylesheet. */
export function page({ title, body, head = '', lang }: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>${head}
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`
}

/** Content-Security-Policy for OP pages: no outside resources, only the page's own nonce'd script. */
export function pageCsp(nonce?: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
    "img-src 'self' data:",
    "base-uri 'none'",
    'form-action *',
  ].join('; ')
}
