import { bootstrapApplication } from '@angular/platform-browser';
import { Component } from '@angular/core';
import { Chat } from './chat';

@Component({
  selector: 'app-root',
  imports: [Chat],
  template: `<app-chat [url]="url" />`,
})
class App {
  protected readonly url = '/echo';
}

bootstrapApplication(App).catch((error: unknown) => console.error(error));
