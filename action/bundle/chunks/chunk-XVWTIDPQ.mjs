import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as r}from"./chunk-3PYSY7GQ.mjs";import{readFileSync as o}from"node:fs";import n from"node:path";var e;function p(){return e??=JSON.parse(o(n.join(r(),"package.json"),"utf8")).version,e}export{p as a};
