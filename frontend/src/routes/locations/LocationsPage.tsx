/** Code locations: whether each loaded, the user's traceback when it did not, and reload (admins). */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useCan } from "@/api/auth";
import { type CodeLocation, codeLocationsQuery, useReloadLocation } from "@/api/locations";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import { Loading } from "@/components/common/Loading";
import { LocationCard, type ReloadState } from "@/components/locations/LocationCard";
import "./locations.css";

function outcomeOf(location: CodeLocation): ReloadState["outcome"] {
  if (location.status === "LOADED") {
    const { assets, jobs } = location.counts;
    return { ok: true, message: `Reloaded: ${assets} assets, ${jobs} jobs.` };
  }
  return { ok: false, message: "Reloaded, but the code did not load: see the error below." };
}

function ReloadableLocation({
  location,
  canReload,
  reloadSignal,
}: {
  location: CodeLocation;
  canReload: boolean;
  /** Bumped by "Reload all". */
  reloadSignal: number;
}) {
  const reload = useReloadLocation();
  const { mutate } = reload;
  useEffect(() => {
    if (reloadSignal > 0) mutate(location.name);
  }, [reloadSignal, mutate, location.name]);
  const state: ReloadState = { pending: reload.isPending };
  if (reload.data) state.outcome = outcomeOf(reload.data);
  return (
    <>
      <LocationCard location={location} canReload={canReload} reload={state} onReload={() => reload.mutate(location.name)} />
      {reload.error && <ErrorMessage error={reload.error} title={`${location.name} was not reloaded`} />}
    </>
  );
}

export default function LocationsPage() {
  const locations = useQuery(codeLocationsQuery);
  const canReload = useCan("reload");
  const [reloadAll, setReloadAll] = useState(0);
  const rows = locations.data ?? [];
  const failed = rows.filter((location) => location.status === "ERROR").length;
  return (
    <div className="page locations-page">
      <div className="page-header">
        <div>
          <h1>Code locations</h1>
          {locations.data && (
            <div className="muted">
              {rows.length} {rows.length === 1 ? "location" : "locations"}
              {failed > 0 && <span className="locations-failed-count"> · {failed} failed to load</span>}
            </div>
          )}
        </div>
        {canReload && rows.length > 1 && (
          <button type="button" className="btn" onClick={() => setReloadAll((n) => n + 1)}>
            ↻ Reload all
          </button>
        )}
      </div>
      {!canReload && locations.data && (
        <p className="muted locations-note">Reloading a code location needs the admin role.</p>
      )}
      {locations.isPending && <Loading />}
      {locations.error && <ErrorMessage error={locations.error} title="Code locations cannot be read" />}
      {locations.data && rows.length === 0 && (
        <div className="empty">No code location yet: start one with <code>orchestrator dev -f your_file.py</code>.</div>
      )}
      <div className="locations-list">
        {rows.map((location) => (
          <ReloadableLocation key={location.name} location={location} canReload={canReload} reloadSignal={reloadAll} />
        ))}
      </div>
    </div>
  );
}
