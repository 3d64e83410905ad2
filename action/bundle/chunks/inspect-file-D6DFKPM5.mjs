import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{r as a,s as b,t as c,u as d,v as e}from"./chunk-5ATXUZK3.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";export{a as MAX_MOOV_BYTES,b as MAX_REWRITTEN_MOOV_BYTES,e as inspectFile,c as inspectSource,d as inspectTopLevelSync};
