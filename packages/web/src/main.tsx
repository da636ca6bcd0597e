/** Entry point: mounts the app. Styles for the whole page load here; the editor brings its own. */
import { render } from 'solid-js/web'
import { App } from './app.js'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
render(() => <App />, root)
