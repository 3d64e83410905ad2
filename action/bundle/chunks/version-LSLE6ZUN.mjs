import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a}from"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import"./chunk-6MKJCL72.mjs";export{a as packageVersion};
