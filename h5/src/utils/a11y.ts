// Elements that act on a tap but are not a <button> or an <a>: a list row (role="link") or a row that is itself a
// checkbox (role="checkbox"). v-activate makes them reachable and usable from a keyboard (a paired keyboard, a
// switch, a screen reader's own keys) as the native control of their role would be.
import type { ObjectDirective } from 'vue'

/** True when key acts on an element of role, as on its native control: Enter on a link, Enter or Space otherwise. */
export function activates(role: string | null, key: string): boolean {
  if (key === 'Enter') return true
  return key === ' ' && role !== 'link'
}

function onKeydown(e: KeyboardEvent) {
  const el = e.currentTarget as HTMLElement
  // A control inside the element (a button, an input) handles its own keys.
  if (e.target !== el || !activates(el.getAttribute('role'), e.key)) return
  e.preventDefault() // Space would scroll the page
  el.click()
}

/**
 * v-activate: the element takes the keyboard focus (tabindex 0 unless it has one) and Enter (and Space, unless it
 * is a link) clicks it. Give it a role and, for a checkbox, aria-checked.
 */
export const vActivate: ObjectDirective<HTMLElement> = {
  mounted(el) {
    if (!el.hasAttribute('tabindex')) el.tabIndex = 0
    el.addEventListener('keydown', onKeydown)
  },
  unmounted(el) {
    el.removeEventListener('keydown', onKeydown)
  },
}
