/**
 * Puts `next` in place of the slot's panel, keeping the scroll position of its body: panels that redraw whole on
 * every update (pushed events, polls) must not throw the operator back to the top of a list.
 */
export function swapPanel(slot: HTMLElement, next: HTMLElement): void {
  const scrolled = slot.querySelector('.panel-body')?.scrollTop ?? 0
  slot.replaceChildren(next)
  const body = next.querySelector('.panel-body')
  if (body && scrolled) body.scrollTop = scrolled
}
