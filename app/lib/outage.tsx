import { createContext, useContext } from "react";

// True while rendering a page whose loaders or action could not reach the database. The server
// knows it from handleError (entry.server.tsx); the browser cannot (Remix sends it only a
// sanitised "Unexpected Server Error"), so it reads the flag the server rendered on <html>,
// which keeps hydration identical to the server's page.
const renderedDuringOutage = typeof document !== "undefined" && document.documentElement.dataset.outage === "1";
const OutageContext = createContext<boolean>(renderedDuringOutage);
export const OutageProvider = OutageContext.Provider;
export const useOutage = () => useContext(OutageContext);
