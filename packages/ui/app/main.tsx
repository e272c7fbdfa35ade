// The browser entry: mounts the app. esbuild bundles this file, its imports and its CSS.
import { render } from 'preact';
import { App } from './app';
import './styles.css';

render(<App />, document.getElementById('app') as HTMLElement);
