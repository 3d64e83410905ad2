import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{rmSync as e}from"node:fs";var r=new Set,i=o=>{r.add(o)},n=o=>{r.delete(o)};function c(){for(let o of r)e(o,{force:!0});r.clear()}export{i as a,n as b,c};
