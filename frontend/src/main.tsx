import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, createQueryClient } from "@/app/App";
import { prefetchPage } from "@/app/prefetch";
import { applyTheme, initialTheme } from "@/app/theme";
import "@/styles/tokens.css";
import "@/styles/base.css";
import "@/styles/shell.css";

applyTheme(initialTheme());
const root = document.getElementById("root");
if (root) {
  const client = createQueryClient();
  // Side by side with the sign-in check and the page's chunk, not after them.
  prefetchPage(window.location.pathname, client);
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
