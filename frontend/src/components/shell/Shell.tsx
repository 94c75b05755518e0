/** The frame of every signed-in page: top bar (search, theme, user), navigation, and the page. */
import { type ReactNode, useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { NavLink, useLocation, useNavigate } from "react-router";
import { useLogout, useMe } from "@/api/auth";
import { prefetchPage } from "@/app/prefetch";
import { useTheme } from "@/app/theme";
import { CommandPalette } from "./CommandPalette";

const NAV: { to: string; label: string; icon: string }[] = [
  { to: "/assets", label: "Assets", icon: "▦" },
  { to: "/lineage", label: "Lineage", icon: "⬡" },
  { to: "/runs", label: "Runs", icon: "▶" },
  { to: "/launchpad", label: "Launchpad", icon: "✚" },
  { to: "/locations", label: "Code locations", icon: "⌂" },
];

export function Shell({ children }: { children: ReactNode }) {
  const [theme, toggleTheme] = useTheme();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { pathname } = useLocation();

  // A page reached without the navigation (palette, link) still gets its head start.
  useEffect(() => prefetchPage(pathname, client), [pathname, client]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="shell">
      <header className="shell-top">
        <NavLink to="/assets" className="shell-brand" aria-label="Orchestrator home">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          Orchestrator
        </NavLink>
        <button type="button" className="btn shell-search" onClick={() => setPaletteOpen(true)} aria-keyshortcuts="Control+K">
          <span>Jump to an asset, job or run…</span>
          <kbd className="kbd">Ctrl K</kbd>
        </button>
        <div className="shell-spacer" />
        <button
          type="button"
          className="btn btn-sm"
          onClick={toggleTheme}
          aria-label={theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme"}
        >
          {theme === "dark" ? "☀ Light" : "☾ Dark"}
        </button>
        {me && (
          <span className="muted" data-testid="current-user">
            {me.username} · {me.role}
          </span>
        )}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/login") })}
        >
          Sign out
        </button>
      </header>
      <nav className="shell-nav" aria-label="Main">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            to={item.to}
            onPointerEnter={() => prefetchPage(item.to, client)}
            onFocus={() => prefetchPage(item.to, client)}
          >
            <span aria-hidden="true">{item.icon}</span>
            {item.label}
          </NavLink>
        ))}
      </nav>
      <main className="shell-main" id="main">
        {children}
      </main>
      <CommandPalette open={paletteOpen} onClose={() => setPaletteOpen(false)} />
    </div>
  );
}
