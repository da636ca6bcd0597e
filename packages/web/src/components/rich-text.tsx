/**
 * A translated text with markup in it: `{name}` placeholders in the message are replaced by
 * elements (`<strong>`, a link, a party badge), so translators keep whole sentences and word order.
 */
import { For, type JSX } from 'solid-js'

/** Splits "Logget inn som {name}" into text and the parts' elements, in the message's order. */
export function RichText(props: { text: string; parts: Record<string, () => JSX.Element> }) {
  const pieces = () => props.text.split(/(\{\w+\})/).filter((piece) => piece !== '')
  return (
    <For each={pieces()}>
      {(piece) => {
        const name = /^\{(\w+)\}$/.exec(piece)?.[1]
        const part = name !== undefined ? props.parts[name] : undefined
        return part ? part() : piece
      }}
    </For>
  )
}
