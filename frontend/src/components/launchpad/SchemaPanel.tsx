/** The config schema beside the editor: for each launched node, its fields (name, type, required, default, description). */
import { type ConfigNode, fieldRows, inlineRefs } from "./configSchema";

function formatDefault(value: unknown): string {
  return JSON.stringify(value) ?? "";
}

export function SchemaPanel({ nodes, onInsert }: { nodes: ConfigNode[]; onInsert?: (node: string) => void }) {
  const configurable = nodes.filter((node) => node.schema);
  const plain = nodes.filter((node) => !node.schema);
  return (
    <section className="launchpad-schema" aria-labelledby="launchpad-schema-title">
      <h2 id="launchpad-schema-title" className="launchpad-section-title">
        Config schema
      </h2>
      <p className="muted launchpad-hint">
        Under <code>ops.&lt;node&gt;.config</code>. Press <kbd>Ctrl</kbd>+<kbd>Space</kbd> in the editor to complete keys.
      </p>
      {!configurable.length && <p className="muted">No launched node takes config: the run config may stay empty.</p>}
      {configurable.map((node) => {
        const rows = node.schema ? fieldRows(inlineRefs(node.schema)) : [];
        return (
          <div key={node.name} className="launchpad-schema-node">
            <div className="launchpad-schema-node-header">
              <h3 className="mono">ops.{node.name}.config</h3>
              {onInsert && (
                <button type="button" className="btn btn-sm" onClick={() => onInsert(node.name)}>
                  Add to config
                </button>
              )}
            </div>
            {node.description && <div className="muted launchpad-schema-desc">{node.description}</div>}
            {rows.length ? (
              <table className="table launchpad-schema-table">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Type</th>
                    <th scope="col">Default</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.name}>
                      <td>
                        <span className="mono launchpad-field-name" style={{ paddingLeft: row.depth * 12 }}>
                          {row.name.split(".").pop()}
                        </span>
                        {row.required && <span className="launchpad-required">required</span>}
                        {row.description && <div className="muted launchpad-field-desc">{row.description}</div>}
                      </td>
                      <td className="mono">{row.type}</td>
                      <td className="mono">{row.hasDefault ? formatDefault(row.default) : <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">No fields.</p>
            )}
          </div>
        );
      })}
      {plain.length > 0 && (
        <p className="muted launchpad-schema-plain">
          Without config: <span className="mono">{plain.map((node) => node.name).join(", ")}</span>
        </p>
      )}
    </section>
  );
}
