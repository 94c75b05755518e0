/** The "Jump to…" tree beside the graph: groups, their assets, and a filter over both. */
import "./controls.css";
import { useMemo, useState } from "react";
import type { GraphModel } from "./model";
import { statusCounts } from "./model";

const SHOWN_PER_GROUP = 200;

export interface GroupTreeProps {
  model: GraphModel;
  onJumpToAsset: (key: string) => void;
  onJumpToGroup: (groupId: string) => void;
}

export function GroupTree({ model, onJumpToAsset, onJumpToGroup }: GroupTreeProps) {
  const [filter, setFilter] = useState("");
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const q = filter.trim().toLowerCase();
  const showLocation = model.locations.length > 1;

  const rows = useMemo(() => {
    return model.groupOrder.flatMap((id) => {
      const group = model.groups.get(id);
      if (!group) return [];
      const groupHit = !q || group.name.toLowerCase().includes(q);
      const keys = q && !groupHit ? group.keys.filter((k) => k.toLowerCase().includes(q)) : group.keys;
      if (q && !groupHit && keys.length === 0) return [];
      return [{ group, keys: [...keys].sort(), counts: statusCounts(model, group.keys), forced: Boolean(q) && !groupHit }];
    });
  }, [model, q]);

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <nav className="lineage-tree" aria-label="Groups and assets">
      <input
        className="input lineage-tree-filter"
        type="search"
        placeholder="Jump to…"
        aria-label="Jump to a group or asset"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {rows.length === 0 && <p className="muted lineage-tree-empty">Nothing matches “{filter}”.</p>}
      <ul className="lineage-tree-groups">
        {rows.map(({ group, keys, counts, forced }) => {
          const expanded = forced || open.has(group.id);
          return (
            <li key={group.id}>
              <div className="lineage-tree-group">
                <button
                  type="button"
                  className="lineage-tree-disclosure"
                  aria-expanded={expanded}
                  aria-label={`${expanded ? "Hide" : "Show"} the assets of ${group.name}`}
                  onClick={() => toggle(group.id)}
                >
                  {expanded ? "▾" : "▸"}
                </button>
                <button type="button" className="lineage-tree-link" onClick={() => onJumpToGroup(group.id)} title={`Show group ${group.name}`}>
                  <span className="lineage-tree-name">{group.name}</span>
                  {showLocation && <span className="lineage-tree-location">{group.location}</span>}
                </button>
                <span className="lineage-tree-size" title={`${group.keys.length} assets`}>
                  {group.keys.length.toLocaleString()}
                </span>
                {counts.FAILED > 0 && (
                  <span className="lineage-count lineage-status-FAILED" title={`${counts.FAILED} failed`}>
                    {counts.FAILED.toLocaleString()}
                    <span className="sr-only"> failed</span>
                  </span>
                )}
              </div>
              {expanded && (
                <ul className="lineage-tree-assets">
                  {keys.slice(0, SHOWN_PER_GROUP).map((key) => (
                    <li key={key}>
                      <button type="button" className="lineage-tree-link lineage-tree-asset" onClick={() => onJumpToAsset(key)}>
                        <span className={`lineage-dot lineage-status-${model.assets.get(key)?.status ?? "NEVER_MATERIALIZED"}`} aria-hidden="true" />
                        <span className="lineage-tree-name mono">{key}</span>
                      </button>
                    </li>
                  ))}
                  {keys.length > SHOWN_PER_GROUP && (
                    <li className="muted lineage-tree-more">
                      {(keys.length - SHOWN_PER_GROUP).toLocaleString()} more: type to narrow down
                    </li>
                  )}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
