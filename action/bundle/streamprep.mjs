import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
var o=process.argv.slice(2);if(o.length===1&&(o[0]==="--version"||o[0]==="-V")){let{packageVersion:s}=await import("./chunks/version-LSLE6ZUN.mjs");process.stdout.write(`${s()}
`)}else{let{main:s}=await import("./chunks/main-EGJOXTLW.mjs");for(let r of[process.stdout,process.stderr])r.on("error",e=>{throw e.code==="EPIPE"&&process.exit(process.exitCode??0),e});await s(process.argv)}
