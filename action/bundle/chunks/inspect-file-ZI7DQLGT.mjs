import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{q as a,r as b,s as c,t as d,u as e}from"./chunk-GSRJJZKI.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";export{a as MAX_MOOV_BYTES,b as MAX_REWRITTEN_MOOV_BYTES,e as inspectFile,c as inspectSource,d as inspectTopLevelSync};
