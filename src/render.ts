// lit-html's `render`, registered for the element by the parts that render (the controls and the
// log import this module): the element itself is a ReactiveElement, so a page that uses only its
// events never loads lit-html.
import { render } from 'lit-html';
import { parts } from './parts.js';

parts.render = render;
