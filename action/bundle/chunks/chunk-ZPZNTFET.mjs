import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
function e(r){return Number.isNaN(r)||r<=0?0:Math.min(r,2147483647)}var n=64;export{e as a,n as b};
