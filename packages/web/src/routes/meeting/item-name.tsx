/**
 * The agenda item a button acts on, for screen readers: a button shows only its verb ("Rediger"),
 * and a list of items would otherwise hold many buttons with one name.
 */
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/meetings.js'

export function ItemName(props: { title: string }) {
  return <span class="visually-hidden"> {t('meetings.item.named', { title: props.title })}</span>
}
