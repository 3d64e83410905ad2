import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{j as a,k as b}from"./chunk-73AD4WNH.mjs";import"./chunk-UP5EAU2U.mjs";import"./chunk-2VJZ7JJI.mjs";import"./chunk-ZPZNTFET.mjs";import"./chunk-3UIDKWCN.mjs";import"./chunk-5A7H2GX2.mjs";import"./chunk-6MKJCL72.mjs";export{b as emitReport,a as registerOptimize};
