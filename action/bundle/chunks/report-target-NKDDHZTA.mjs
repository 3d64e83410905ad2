import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a,b}from"./chunk-X6KX2F4B.mjs";import"./chunk-5A7H2GX2.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";export{b as checkReportTarget,a as looksLikeText};
