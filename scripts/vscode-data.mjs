// VS Code custom HTML data (html.customData) from custom-elements.json, so editors complete the
// tag and its attributes with their descriptions.
import { readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const tags = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.customElement && declaration.tagName)
  .map((element) => ({
    name: element.tagName,
    description: [element.summary, element.description].filter(Boolean).join('\n\n'),
    attributes: (element.attributes ?? []).map((attribute) => ({
      name: attribute.name,
      description: attribute.description ?? '',
      ...(attribute.type?.text?.includes('"')
        ? { values: [...attribute.type.text.matchAll(/"([^"]+)"/g)].map(([, name]) => ({ name })) }
        : {}),
    })),
  }));
writeFileSync('vscode.html-custom-data.json', `${JSON.stringify({ version: 1.1, tags }, null, 2)}\n`);
console.log(
  `vscode.html-custom-data.json: ${tags.map((tag) => `<${tag.name}> with ${tag.attributes.length} attributes`).join(', ')}`,
);
