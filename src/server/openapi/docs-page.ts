interface Operation {
  summary?: string;
  description?: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: unknown; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

/**
 * A browsable reference of the OpenAPI document as one self-contained HTML page: no scripts, no
 * assets from a CDN (installations are often offline), readable without JavaScript. The raw
 * document is linked for tools (client generators, Postman).
 */
export function docsPage(document: {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
}): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(methods)) {
      const operation = value as Operation;
      const tag = operation.tags[0] ?? "api";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, operation)]);
    }
  }
  const sections = [...byTag]
    .map(
      ([tag, operations]) =>
        `<section id="${escapeHtml(tag)}"><h2>${escapeHtml(tag)}</h2>${operations.join("")}</section>`,
    )
    .join("");
  const contents = [...byTag.keys()]
    .map((tag) => `<a href="#${escapeHtml(tag)}">${escapeHtml(tag)}</a>`)
    .join(" · ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
h1{margin-bottom:0}details{border:1px solid #d5dae1;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}pre{background:#f5f7f9;padding:.6rem;overflow:auto}
.m{display:inline-block;min-width:4.5rem;font-weight:600;text-transform:uppercase}
.get{color:#1f6feb}.post{color:#1a7f37}.patch,.put{color:#9a6700}.delete{color:#cf222e}
table{border-collapse:collapse}td,th{border-bottom:1px solid #e4e7eb;padding:.2rem .6rem;text-align:left;vertical-align:top}
</style></head><body>
<h1>${escapeHtml(document.info.title)}</h1><p>Version ${escapeHtml(document.info.version)} · <a href="/api/openapi.json">OpenAPI 3.1 document</a></p>
<p>${escapeHtml(document.info.description)}</p><p>Authenticate with <code>Authorization: Bearer lkt_…</code> (API tokens) or the session cookie of a login.</p>
<nav>${contents}</nav>${sections}</body></html>
`;
}

function operationHtml(method: string, path: string, operation: Operation): string {
  const parameters = operation.parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>schema</th></tr>${operation.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? " (required)" : ""}${p.description ? `<br>${escapeHtml(p.description)}` : ""}</td><td>${escapeHtml(p.in)}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join("")}</table>`
    : "";
  const body = operation.requestBody
    ? `<h4>Request body</h4>${Object.entries(operation.requestBody.content)
        .map(
          ([type, { schema }]) =>
            `<p><code>${escapeHtml(type)}</code></p><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`,
        )
        .join("")}`
    : "";
  const responses = Object.entries(operation.responses)
    .map(
      ([status, response]) =>
        `<p><b>${escapeHtml(status)}</b> ${escapeHtml(response.description)}</p>${Object.values(
          response.content ?? {},
        )
          .map(({ schema }) => `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`)
          .join("")}`,
    )
    .join("");
  return `<details><summary><span class="m ${escapeHtml(method)}">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code> ${escapeHtml(operation.summary ?? "")}</summary>${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ""}${parameters}${body}<h4>Responses</h4>${responses}</details>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
