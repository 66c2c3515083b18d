/** A few lines of DOM building, instead of a framework: `h('button', { type: 'button', onclick }, 'Go')`. */
export type Child = Node | string | number | null | undefined | false | Child[]
type Props = Record<string, unknown>

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener)
    else if (name === 'class') element.className = String(value)
    else if (value === true) element.setAttribute(name, '')
    else element.setAttribute(name, String(value))
  }
  element.append(...flatten(children))
  return element
}

function flatten(children: Child[]): (Node | string)[] {
  return children.flatMap((child) =>
    Array.isArray(child) ? flatten(child) : child === null || child === undefined || child === false ? [] : [typeof child === 'number' ? String(child) : child],
  )
}

/** Replaces an element's content. */
export function fill(target: Element, ...children: Child[]): void {
  target.replaceChildren(...flatten(children))
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`the page has no #${id}`)
  return element as T
}

/** A time of day, to the second, in the reader's locale. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** "in 9 min", "2 h ago": how far `ms` is from now. */
function relative(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000)
  const size = Math.abs(seconds)
  const text = size < 60 ? `${size} s` : size < 3600 ? `${Math.round(size / 60)} min` : size < 86400 ? `${Math.round(size / 3600)} h` : `${Math.round(size / 86400)} d`
  return seconds >= 0 ? `in ${text}` : `${text} ago`
}

/** "in 9 min (10:42:07)", kept current by {@link tickExpiries}. */
export function expiry(ms: number): HTMLTimeElement {
  return h('time', { datetime: new Date(ms).toISOString(), 'data-expires': ms }, `${relative(ms)} (${clockTime(ms)})`)
}

/** Updates every {@link expiry} on the page, once a second. */
export function tickExpiries(): void {
  setInterval(() => {
    const now = Date.now()
    for (const element of document.querySelectorAll<HTMLElement>('time[data-expires]')) {
      const ms = Number(element.dataset.expires)
      element.textContent = `${relative(ms, now)} (${clockTime(ms)})`
    }
  }, 1000)
}

/** Pretty JSON for a <pre>. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

/** The first characters of an identifier, enough to tell it apart. */
export function short(id: string, length = 8): string {
  return id.length > length + 1 ? `${id.slice(0, length)}…` : id
}
