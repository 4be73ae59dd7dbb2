import { PGlite } from "@electric-sql/pglite";
let t=Date.now(); const a = await PGlite.create("memory://"); console.log("fresh", Date.now()-t);
t=Date.now(); const dump = await a.dumpDataDir("none"); console.log("dump", Date.now()-t, dump.size, dump.type);
t=Date.now(); const b = await PGlite.create("memory://", {loadDataDir: new Blob([await dump.arrayBuffer()], {type: "application/x-tar"})}); console.log("load", Date.now()-t);
console.log((await b.query("select 1 as x")).rows);
