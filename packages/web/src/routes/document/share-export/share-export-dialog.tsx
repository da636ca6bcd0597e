/**
 * "Share and export" on the document page: a modal dialog (components/dialog.tsx: focus moves in
 * and back to the opener, Escape closes) with the exports and the share links.
 */
import type { DocumentStatus } from '@trepart/shared'
import { Dialog } from '../../../components/dialog.js'
import { t } from '../../../lib/i18n/i18n.js'
import '../../../lib/messages/common.js'
import { ExportSection } from './export-section.js'
import { ShareLinksSection, type ShareViewer } from './share-links-section.js'
import './share-export.css'
import './share-export-messages.js'

export function ShareExportDialog(props: {
  documentId: string
  title: string
  status: DocumentStatus
  viewer: ShareViewer
  onClose: () => void
}) {
  return (
    <Dialog title={t('share.title', { title: props.title })} onClose={props.onClose}>
      <div class="share-export">
        <ExportSection documentId={props.documentId} status={props.status} />
        <ShareLinksSection documentId={props.documentId} status={props.status} viewer={props.viewer} />
      </div>
      <div class="buttons share-export-close">
        <button type="button" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}
