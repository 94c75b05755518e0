/** An asset's config schema: a field table (name, type, required, default, description), an
 * example run config and the raw JSON schema. */
import { useState } from "react";
import { configFields, scaffoldRunConfig } from "./configSchema";

export function ConfigSchemaView({ schema, nodeName }: { schema: unknown; nodeName: string }) {
  const fields = configFields(schema);
  const [copied, setCopied] = useState(false);
  if (schema == null) return <p className="empty">This asset takes no config.</p>;
  const example = JSON.stringify(scaffoldRunConfig(nodeName, schema), null, 2);
  return (
    <div className="asset-config">
      <section className="card" aria-labelledby="asset-config-fields">
        <div className="card-header">
          <h2 id="asset-config-fields">Config fields</h2>
          <span className="muted">{fields.length} field{fields.length === 1 ? "" : "s"}</span>
        </div>
        {fields.length === 0 ? (
          <p className="card-body muted">The schema declares no fields.</p>
        ) : (
          <table className="table asset-config-table" aria-label="Config fields">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">Default</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => (
                <tr key={field.path}>
                  <td className="mono" style={{ paddingLeft: 12 + field.depth * 16 }}>
                    {field.path}
                  </td>
                  <td className="mono muted">{field.type}</td>
                  <td>{field.required ? <span className="badge status-warning">required</span> : <span className="muted">optional</span>}</td>
                  <td className="mono">{field.defaultValue ?? <span className="muted">—</span>}</td>
                  <td>{field.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="asset-config-example">
        <div className="card-header">
          <h2 id="asset-config-example">Example run config</h2>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              void navigator.clipboard?.writeText(example).then(() => {
                setCopied(true);
                window.setTimeout(() => setCopied(false), 1200);
              });
            }}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <div className="card-body">
          <pre className="asset-json">{example}</pre>
        </div>
      </section>
      <details className="card asset-config-raw">
        <summary className="card-header">JSON schema</summary>
        <div className="card-body">
          <pre className="asset-json">{JSON.stringify(schema, null, 2)}</pre>
        </div>
      </details>
    </div>
  );
}
