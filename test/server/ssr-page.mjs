// Serves /ssr/page.html: <ws-client controls> rendered on the server by @lit-labs/ssr from the
// built package (npm run build), in a page that loads Lit's hydrate support, then the element.
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';

export function ssrPagePlugin() {
  return {
    name: 'ssr-page',
    async serve(context) {
      if (context.path !== '/ssr/page.html') return undefined;
      await import('../../dist/index.js');
      const element = await collectResult(render(html`<ws-client controls host="/echo"></ws-client>`));
      const body = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Server-rendered ws-client</title>
    <script type="module">
      import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
      import '/dist/index.js';
    </script>
  </head>
  <body>
    ${element}
  </body>
</html>`;
      return { body, type: 'html' };
    },
  };
}
