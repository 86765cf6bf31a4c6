// Copies the browser files Virtual School Hub needs from node_modules into
// static/dist/, beside the compiled app.css. Run by `npm run build`; the output is
// not committed.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const dist = join(root, "static", "dist");

const files = {
  "govuk-frontend.min.js": "govuk-frontend/dist/govuk/govuk-frontend.min.js",
  "moj-frontend.min.js": "@ministryofjustice/frontend/moj/moj-frontend.min.js",
  "htmx.min.js": "htmx.org/dist/htmx.min.js",
};

// Only the MOJ icons the compiled CSS refers to; no crown, crest or GOV.UK logos.
const mojImages = [
  "icon-close-cross-black.svg",
  "icon-document.svg",
  "icon-progress-tick.svg",
  "icon-tag-remove-cross-white.svg",
  "icon-tag-remove-cross.svg",
  "icon-toggle-plus-minus.svg",
  "icon-wysiwyg-bold.svg",
  "icon-wysiwyg-italic.svg",
  "icon-wysiwyg-ordered-list.svg",
  "icon-wysiwyg-underline.svg",
  "icon-wysiwyg-unordered-list.svg",
];

rmSync(join(dist, "images"), { recursive: true, force: true });
mkdirSync(join(dist, "images"), { recursive: true });

for (const [name, source] of Object.entries(files)) {
  cpSync(join(modules, source), join(dist, name));
}
for (const name of mojImages) {
  cpSync(
    join(modules, "@ministryofjustice/frontend/moj/assets/images", name),
    join(dist, "images", name),
  );
}
console.log(`Copied ${Object.keys(files).length} scripts and ${mojImages.length} icons to static/dist/`);
