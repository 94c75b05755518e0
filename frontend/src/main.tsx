import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, createQueryClient } from "@/app/App";
import { applyTheme, initialTheme } from "@/app/theme";
import "@/styles/tokens.css";
import "@/styles/base.css";
import "@/styles/shell.css";

applyTheme(initialTheme());
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={createQueryClient()} />
    </StrictMode>,
  );
}
